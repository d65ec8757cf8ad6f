package dev.lightcone.executor;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.schedule.ScheduleRows;
import dev.lightcone.executor.schedule.ScheduledRow;
import dev.lightcone.executor.schedule.Scheduler;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.moduledef.ProcedureSchema;
import dev.lightcone.sats.moduledef.ReducerSchema;
import dev.lightcone.sats.moduledef.ScheduleSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How a host fires a due schedule row: the call, then the row's deletion (one-shot) or its next tick. */
final class ScheduleFiring {
    private final ModuleHost host;

    ScheduleFiring(ModuleHost host) {
        this.host = host;
    }

    /**
     * Fires one due schedule row: re-reads it (a deleted row was cancelled), calls its reducer as the
     * database with the row as argument at {@code max(now, due)}, then deletes a one-shot row in a
     * second transaction, or re-arms an unchanged interval row at its next tick. Whether the row is
     * one-shot or repeating is read from the row itself; only its table, id and due time are used
     * from {@code due}.
     *
     * @return the transactions that ran, in order (none if the row is gone)
     */
    List<TxResult> fire(ScheduledRow due, Timestamp now) {
        var table = host.datastore().table(due.tableId());
        ScheduleSchema s = table.schema().schedule().orElseThrow();
        Timestamp ts = new Timestamp(Math.max(now.micros(), due.dueMicros()));
        MutTx tx = host.datastore().begin();
        Row row = findScheduleRow(tx, table, s, due.scheduleId());
        if (row == null) {
            tx.rollback();
            return List.of();
        }
        CallContext ctx = new CallContext(host.databaseIdentity(), ConnectionId.ZERO, ts);
        if (s.isProcedure()) {
            return fireScheduledProcedure(due, table, s, row, tx, ctx);
        }
        Optional<ReducerSchema> reducer = host.schema().reducer(s.functionName());
        List<TxResult> out = new ArrayList<>();
        if (reducer.isEmpty()) {
            tx.rollback();
            out.add(host.internal(ctx, System.nanoTime(), s.functionName(), "scheduled function `" + s.functionName()
                    + "` is not a reducer this host can call", "no reducer of that name"));
        } else {
            out.add(host.runReducer(reducer.get().id(), ctx, row.bytes(), tx));
        }
        ScheduledRow asStored = ScheduleRows.read(table, s, row, ts.micros());
        if (!asStored.repeating()) {
            MutTx cleanup = host.datastore().begin();
            Row still = findScheduleRow(cleanup, table, s, due.scheduleId());
            if (still != null) {
                cleanup.delete(table.id(), still);
                out.add(new TxResult(TxOutcome.COMMITTED, host.commit(cleanup, ts), ts, 0));
            } else {
                cleanup.rollback();
            }
        } else if (table.contains(row)) {
            // Unchanged by the reducer: next tick on the grid of the intended time. A changed row was
            // re-armed by the commit already.
            host.scheduler().arm(new ScheduledRow(due.tableId(), due.scheduleId(),
                    Scheduler.nextTick(due.dueMicros(), asStored.intervalMicros(), ts.micros()),
                    asStored.intervalMicros()));
        }
        return out;
    }

    /**
     * Fires a schedule row that targets a procedure. A procedure is not retried, so a one-shot row is
     * deleted (and that deletion committed) before it runs; an interval row stays and is re-armed.
     * {@code tx} holds the row as just re-read.
     */
    private List<TxResult> fireScheduledProcedure(ScheduledRow due, Table table,
            ScheduleSchema s, Row row, MutTx tx, CallContext ctx) {
        List<TxResult> out = new ArrayList<>();
        ScheduledRow asStored = ScheduleRows.read(table, s, row, ctx.timestamp().micros());
        if (asStored.repeating()) {
            tx.rollback();
        } else {
            tx.delete(table.id(), row);
            out.add(new TxResult(TxOutcome.COMMITTED, host.commit(tx, ctx.timestamp()), ctx.timestamp(), 0));
        }
        ProcedureSchema procedure = host.schema().procedure(s.functionName()).orElseThrow();
        // Fired on the writer thread: its transactions commit directly and are recorded as this
        // firing's effects (re-execution without effects would run the procedure again).
        ProcedureResult r = host.scheduledProcedures().run(procedure, ctx, row.bytes(), host.directGate());
        out.addAll(r.transactions());
        if (r.outcome() instanceof ProcedureOutcome.InternalError e) {
            out.add(new TxResult(new TxOutcome.InternalError(e.message(), e.detail()), List.of(), ctx.timestamp(),
                    r.durationMicros()));
        }
        if (asStored.repeating() && table.contains(row)) {
            // Unchanged by the procedure: next tick on the grid. A changed row was re-armed by its commit.
            host.scheduler().arm(new ScheduledRow(due.tableId(), due.scheduleId(),
                    Scheduler.nextTick(due.dueMicros(), asStored.intervalMicros(), ctx.timestamp().micros()),
                    asStored.intervalMicros()));
        }
        return out;
    }

    /** The schedule row with this id, through the id column's index (validation guarantees the key). */
    private static Row findScheduleRow(MutTx tx, Table table, ScheduleSchema s, long id) {
        for (var idx : table.schema().indexes()) {
            if (idx.columns().equals(List.of(s.idColumn()))) {
                List<Row> rows = tx.indexPoint(idx.indexId(), new dev.lightcone.sats.bsatn.BsatnWriter(8).writeU64(id)
                        .toByteArray());
                return rows.isEmpty() ? null : rows.get(0);
            }
        }
        for (Row r : tx.scan(table.id())) {
            if (ScheduleRows.scheduleId(table, s, r) == id) {
                return r;
            }
        }
        return null;
    }
}
