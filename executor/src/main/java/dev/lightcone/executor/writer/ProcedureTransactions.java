package dev.lightcone.executor.writer;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.sats.Timestamp;

/**
 * The writer's side of procedure transactions: a procedure's {@code with_tx} runs against the
 * committed state while the writer waits, then becomes a {@link TransactionDraft} and the state is put
 * back as it was. Committing the draft is up to the caller (ingest appends it to the log). Used from a
 * procedure thread, never from the writer thread.
 */
public interface ProcedureTransactions {
    /** Waits until the writer has applied every readable record, then opens a transaction on its state. */
    MutTx open();

    /** Ends the transaction as a draft at {@code timestamp}, reverting the state; the writer moves on. */
    TransactionDraft draft(MutTx tx, Timestamp timestamp);

    /** Rolls the transaction back; the writer moves on. */
    void abort(MutTx tx);
}
