package dev.lightcone.testing;

import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.TableChanges;
import java.util.List;

/**
 * What a call made through a {@link TestDatabase} did.
 *
 * @param reducer the reducer called
 * @param results the transactions that ran (one for a plain call; schedules and disconnects may run two)
 */
public record ReducerCall(String reducer, List<TxResult> results) {
    public ReducerCall {
        results = List.copyOf(results);
    }

    /** The outcome of the main transaction. */
    public TxOutcome outcome() {
        return results.isEmpty() ? TxOutcome.COMMITTED : results.get(0).outcome();
    }

    public boolean committed() {
        return outcome().committed();
    }

    /** The error text if the call failed (user error or internal error), else null. */
    public String error() {
        TxOutcome o = outcome();
        if (o instanceof TxOutcome.Failed f) {
            return f.message();
        }
        if (o instanceof TxOutcome.InternalError e) {
            return e.message();
        }
        return null;
    }

    /** The committed changes of the main transaction. */
    public List<TableChanges> changes() {
        return results.isEmpty() ? List.of() : results.get(0).changes();
    }

    /** Fails with a readable message unless the call committed; returns this for chaining. */
    public ReducerCall assertCommitted() {
        if (!committed()) {
            throw new AssertionError("reducer `" + reducer + "` did not commit: " + outcome());
        }
        return this;
    }

    /** Fails unless the reducer returned a user error with exactly this text. */
    public ReducerCall assertFailed(String expectedMessage) {
        if (!(outcome() instanceof TxOutcome.Failed f) || !f.message().equals(expectedMessage)) {
            throw new AssertionError("reducer `" + reducer + "` expected to fail with \"" + expectedMessage
                    + "\" but ended " + outcome());
        }
        return this;
    }
}
