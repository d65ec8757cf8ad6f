package dev.lightcone.executor;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.sats.Timestamp;
import java.util.List;

/**
 * How a procedure's transactions reach the datastore. Procedures run outside the writer, so each
 * {@code with_tx} must wait for exclusive access, and its commit must be ordered in the log like any
 * other input. In-process (the test harness) the gate is the datastore itself.
 */
public interface TransactionGate {
    /** Waits for exclusive access and opens a transaction. */
    MutTx open();

    /** Commits the transaction at {@code timestamp}; returns its changes, or throws if it cannot commit. */
    List<TableChanges> commit(MutTx tx, Timestamp timestamp);

    /** Rolls the transaction back and gives up the exclusive access. */
    void abort(MutTx tx);
}
