package dev.lightcone.executor.writer.internal;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.writer.ProcedureTransactions;
import dev.lightcone.executor.writer.TransactionDraft;
import dev.lightcone.sats.Timestamp;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Procedure transactions as drafts. The datastore is the writer's alone, so while a procedure's
 * {@code with_tx} runs the writer waits in a task (after applying every readable record) and lends
 * its state to the procedure thread; when the transaction ends, its changes become a draft, the state
 * is put back exactly as it was (rows and sequence positions), and the writer moves on. No lock is held
 * across an append: committing the draft is a log record like any other.
 */
public final class ProcedureDrafts implements ProcedureTransactions {
    /** How long the writer waits for a procedure to end its transaction before rolling it back. */
    private static final long MAX_TRANSACTION_MINUTES = 5;

    private final WriterState state;
    /** Runs a task on the writer thread between two records. */
    private final Consumer<Runnable> onWriter;
    /** On the writer thread: applies every record readable now. */
    private final Runnable catchUp;

    ProcedureDrafts(WriterState state, Consumer<Runnable> onWriter, Runnable catchUp) {
        this.state = state;
        this.onWriter = onWriter;
        this.catchUp = catchUp;
    }

    /** The hand-over between the procedure thread and the writer thread for one transaction. */
    private static final class Lending {
        final SynchronousQueue<Object> toWriter = new SynchronousQueue<>();
        final SynchronousQueue<Object> toProcedure = new SynchronousQueue<>();
    }

    private static final Object ABORT = new Object();
    /** The open transactions, each with its hand-over. */
    private final java.util.Map<MutTx, Lending> open = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public MutTx open() {
        Lending lending = new Lending();
        onWriter.accept(() -> lend(lending));
        Object first = take(lending.toProcedure);
        if (first instanceof RuntimeException e) {
            throw e;
        }
        MutTx tx = (MutTx) first;
        open.put(tx, lending);
        return tx;
    }

    @Override
    public TransactionDraft draft(MutTx tx, Timestamp timestamp) {
        Lending lending = end(tx);
        put(lending.toWriter, timestamp);
        Object result = take(lending.toProcedure);
        if (result instanceof RuntimeException e) {
            throw e;
        }
        return (TransactionDraft) result;
    }

    @Override
    public void abort(MutTx tx) {
        Lending lending = end(tx);
        put(lending.toWriter, ABORT);
        take(lending.toProcedure);
    }

    private Lending end(MutTx tx) {
        Lending lending = open.remove(tx);
        if (lending == null) {
            throw new IllegalStateException("this procedure transaction is not open");
        }
        return lending;
    }

    /** On the writer thread: opens a transaction, waits for the procedure's decision, reverts. */
    private void lend(Lending lending) {
        MutTx tx;
        ModuleHost host;
        List<SequenceState> before;
        long readOffset;
        try {
            catchUp.run();
            host = state.host();
            if (host == null) {
                throw new IllegalStateException("the database has no module");
            }
            before = SequenceTracker.positions(host);
            readOffset = state.applied();
            tx = host.datastore().begin().trackReads();
        } catch (RuntimeException e) {
            give(lending.toProcedure, e);
            return;
        }
        give(lending.toProcedure, tx);
        Object decision;
        try {
            decision = lending.toWriter.poll(MAX_TRANSACTION_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            decision = null;
        }
        Object reply = ABORT;
        try {
            if (decision instanceof Timestamp ts) {
                List<TableChanges> changes = tx.changes();
                List<SequenceState> moved = SequenceTracker.difference(before, SequenceTracker.positions(host));
                TreeSet<Integer> tables = new TreeSet<>();
                for (int t : tx.tablesRead()) {
                    tables.add(t);
                }
                for (TableChanges c : changes) {
                    tables.add(c.tableId());
                }
                byte[] effects = EffectCodec.encode(new RecordedEffects(
                        List.of(new RecordedEffects.Tx(ts.micros(), true, changes)), moved, null, null));
                reply = new TransactionDraft(ts, readOffset, tables.stream().mapToInt(Integer::intValue).toArray(),
                        effects);
            }
        } catch (RuntimeException e) {
            reply = e;
        } finally {
            tx.rollback();
            SequenceTracker.set(host, before);
        }
        if (decision != null) {
            give(lending.toProcedure, reply);
        }
    }

    private static void give(SynchronousQueue<Object> q, Object o) {
        try {
            if (!q.offer(o, 1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the procedure thread did not take the writer's answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void put(SynchronousQueue<Object> q, Object o) {
        try {
            q.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ending a procedure transaction", e);
        }
    }

    private static Object take(SynchronousQueue<Object> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the writer", e);
        }
    }
}
