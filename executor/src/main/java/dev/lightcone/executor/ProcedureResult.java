package dev.lightcone.executor;

import java.util.List;
import dev.lightcone.sats.Timestamp;

/**
 * The result of calling one procedure in a {@link ModuleHost}.
 *
 * @param outcome        the returned value or why there is none
 * @param transactions   the transactions the procedure committed, in order; they stay committed
 *                       whatever the outcome (a procedure is not atomic)
 * @param timestamp      the call's timestamp, as the procedure saw it in {@code ctx.timestamp}
 * @param durationMicros wall time from the call to its return, including sleeps and HTTP waits
 */
public record ProcedureResult(ProcedureOutcome outcome, List<TxResult> transactions, Timestamp timestamp,
        long durationMicros) {
    public ProcedureResult {
        transactions = List.copyOf(transactions);
    }
}
