package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.ClientConnected;
import dev.lightcone.commitlog.record.ClientDisconnected;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.commitlog.record.CommittedEffects;
import dev.lightcone.commitlog.record.NodeGone;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.commitlog.record.RunSql;
import dev.lightcone.commitlog.record.ScheduleFire;
import dev.lightcone.commitlog.record.SubscribeViews;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.executor.view.ViewFailedException;
import dev.lightcone.executor.writer.SqlDml;
import dev.lightcone.executor.writer.TransactionDraft;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one record against the database: one handler per record kind. Deterministic: it sees only the
 * record, the state and the module. Writer-thread confined.
 */
final class CommandApplier implements Command.Visitor<CommandApplier.Outcome> {

    /**
     * What running one record did.
     *
     * @param transactions the transactions it ran, in order
     * @param error        why the record could not run at all, or null
     * @param fired        the schedule firing it performed, or null
     */
    record Outcome(List<TxResult> transactions, String error, ScheduleKey fired) {
        static Outcome of(TxResult tx) {
            return new Outcome(List.of(tx), null, null);
        }

        static Outcome of(List<TxResult> txs) {
            return new Outcome(txs, null, null);
        }

        static Outcome refused(String error) {
            return new Outcome(List.of(), error, null);
        }
    }

    private final WriterState state;
    private final ModuleInstaller installer;
    private final SqlDml sqlDml;

    CommandApplier(WriterState state, ModuleInstaller installer, SqlDml sqlDml) {
        this.state = state;
        this.installer = installer;
        this.sqlDml = sqlDml;
    }

    /** Runs {@code command}; a module that cannot load refuses the record rather than stopping the writer. */
    Outcome apply(Command command) {
        if (state.host() == null && !(command instanceof PublishModule)) {
            return Outcome.refused("the database has no module yet");
        }
        try {
            return command.accept(this);
        } catch (ModuleLoadException e) {
            return Outcome.refused(e.getMessage());
        }
    }

    private ModuleHost host() {
        return state.host();
    }

    @Override
    public Outcome visitPublishModule(PublishModule c) {
        List<TxResult> results = new ArrayList<>(1);
        String error = installer.publish(c, results);
        return new Outcome(results, error, null);
    }

    @Override
    public Outcome visitCallReducer(CallReducer c) {
        return Outcome.of(host().callReducer(c.reducer(), new CallContext(c.caller(), c.connectionId(), c.timestamp()),
                c.args()));
    }

    @Override
    public Outcome visitClientConnected(ClientConnected c) {
        return Outcome.of(host().connect(new CallContext(c.identity(), c.connectionId(), c.timestamp()), c.jwtPayload()));
    }

    @Override
    public Outcome visitClientDisconnected(ClientDisconnected c) {
        return Outcome.of(host().disconnect(new CallContext(c.identity(), c.connectionId(), c.timestamp())));
    }

    /** Every connection the node held is ended, in connection order, each as its own disconnect. */
    @Override
    public Outcome visitNodeGone(NodeGone c) {
        List<TxResult> results = new ArrayList<>();
        for (CallContext client : host().connectedClients(c.timestamp())) {
            if (state.connections().ownerOf(client.connectionId()).equals(c.node())) {
                results.addAll(host().disconnect(new CallContext(client.caller(), client.connectionId(), c.timestamp())));
            }
        }
        return Outcome.of(results);
    }

    @Override
    public Outcome visitSubscribeViews(SubscribeViews c) {
        return Outcome.of(host().subscribeViews(new CallContext(c.identity(), c.connectionId(), c.timestamp()),
                c.views()));
    }

    @Override
    public Outcome visitScheduleFire(ScheduleFire c) {
        List<TxResult> results = new ArrayList<>(2);
        ScheduleKey fired = state.firings().fire(host(), c, results);
        return new Outcome(results, null, fired);
    }

    @Override
    public Outcome visitRunSql(RunSql c) {
        return Outcome.of(sqlDml.execute(host(), new CallContext(c.caller(), ConnectionId.ZERO, c.timestamp()), c.sql()));
    }

    /**
     * A procedure transaction: applied as recorded unless a record after its read offset replaced the
     * module or changed a table it read; then refused, and the procedure retries.
     */
    @Override
    public Outcome visitCommittedEffects(CommittedEffects c) {
        if (c.readOffset() != CommittedEffects.UNCONDITIONAL && state.writes().conflicts(c.readOffset(), c.readTables())) {
            return Outcome.refused(TransactionDraft.CONFLICT + ": a table it read changed after offset " + c.readOffset());
        }
        RecordedEffects e = EffectCodec.decode(c.effects());
        List<TxResult> results = new ArrayList<>(e.transactions().size());
        for (RecordedEffects.Tx tx : e.transactions()) {
            List<TableChanges> named = new ArrayList<>(tx.changes().size());
            for (TableChanges tc : tx.changes()) {
                Table t = host().datastore().table(tc.tableId());
                named.add(new TableChanges(t.id(), t.name(), t.schema().isEvent(), tc.inserts(), tc.deletes()));
            }
            Timestamp ts = new Timestamp(tx.timestampMicros());
            host().applyCommitted(named, ts);
            List<TableChanges> refreshed;
            try {
                refreshed = host().refreshViewsAfter(named, ts);
            } catch (ViewFailedException failed) {
                // A view the transaction affects fails: the transaction is undone (its rows put back as they
                // were), so a procedure commit fails like a reducer would.
                host().applyCommitted(inverse(named), ts);
                return Outcome.refused(failed.getMessage());
            }
            if (!refreshed.isEmpty()) {
                List<TableChanges> all = new ArrayList<>(named);
                all.addAll(refreshed);
                named = all;
            }
            results.add(new TxResult(TxOutcome.COMMITTED, named, ts, 0));
        }
        SequenceTracker.set(host(), e.sequences());
        return Outcome.of(results);
    }

    private static List<TableChanges> inverse(List<TableChanges> changes) {
        List<TableChanges> out = new ArrayList<>(changes.size());
        for (TableChanges tc : changes) {
            out.add(new TableChanges(tc.tableId(), tc.tableName(), tc.isEvent(), tc.deletes(), tc.inserts()));
        }
        return out;
    }
}
