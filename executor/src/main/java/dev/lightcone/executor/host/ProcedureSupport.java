package dev.lightcone.executor.host;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.sats.Timestamp;

/**
 * What procedures need from the database beyond one instance: their own transactions, time and
 * outbound HTTP. Provided by the module host; reducers and views never use it.
 */
public interface ProcedureSupport {
    /** Opens a transaction for a procedure, waiting for the writer; returns it with its timestamp. */
    StartedTx startMutTx();

    /** Commits a procedure's transaction and publishes its changes. */
    void commitMutTx(MutTx tx);

    /** Rolls a procedure's transaction back. */
    void abortMutTx(MutTx tx);

    /** The current wall-clock time. */
    Timestamp now();

    /** Performs an HTTP request; see {@link HttpEgress}. */
    HttpEgress http();

    /** A procedure transaction and the timestamp it runs at. */
    record StartedTx(MutTx tx, Timestamp timestamp) {
    }
}
