package dev.lightcone.ingest.internal;

import dev.lightcone.commitlog.record.CommittedEffects;
import dev.lightcone.executor.TransactionConflictException;
import dev.lightcone.executor.TransactionGate;
import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.executor.writer.ProcedureTransactions;
import dev.lightcone.executor.writer.TransactionDraft;
import dev.lightcone.sats.Timestamp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * How one procedure call's transactions reach the log: each runs as a draft against the writer's
 * state, then commits as a {@link CommittedEffects} record appended like any other; the commit returns
 * once that record is applied and durable, or throws {@link TransactionConflictException} if the writer
 * refused it because something it read changed in between.
 */
public final class ProcedureGate implements TransactionGate {
    private final ProcedureTransactions drafts;
    private final Function<TransactionDraft, CompletableFuture<AppliedCommand>> commit;
    private long lastOffset = -1;

    /** @param commit appends the draft's record and completes when it is applied and durable */
    public ProcedureGate(ProcedureTransactions drafts, Function<TransactionDraft, CompletableFuture<AppliedCommand>> commit) {
        this.drafts = drafts;
        this.commit = commit;
    }

    @Override
    public MutTx open() {
        return drafts.open();
    }

    @Override
    public List<TableChanges> commit(MutTx tx, Timestamp timestamp) {
        TransactionDraft draft = drafts.draft(tx, timestamp);
        AppliedCommand applied;
        try {
            applied = commit.apply(draft).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while committing a procedure transaction", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a procedure transaction could not be logged: " + e.getCause().getMessage(),
                    e.getCause());
        }
        lastOffset = applied.offset();
        if (TransactionDraft.refused(applied)) {
            throw new TransactionConflictException(applied.error());
        }
        if (applied.error() != null || applied.transactions().isEmpty()) {
            throw new IllegalStateException("a procedure transaction did not apply: " + applied.error());
        }
        return applied.transactions().get(0).changes();
    }

    @Override
    public void abort(MutTx tx) {
        drafts.abort(tx);
    }

    /** The offset of the last record this gate appended, -1 if none. */
    public long lastOffset() {
        return lastOffset;
    }
}
