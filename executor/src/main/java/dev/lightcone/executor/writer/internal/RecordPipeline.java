package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxEffect;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.SystemRequest;
import dev.lightcone.executor.writer.WriterStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one record on the writer thread, in order: run it ({@link CommandApplier}), record
 * its effects, advance the state, and — when live — hand the database's own follow-up requests to
 * ingest, the result downstream, and take a snapshot when one is due. Recovery re-executes through the
 * same path without outputs. Writer-thread confined.
 */
public final class RecordPipeline implements AutoCloseable {
    private final DatabaseWriter.Options options;
    private final WriterState state = new WriterState();
    private final ModuleInstaller installer;
    private final CommandApplier applier;
    private final Snapshots snapshots;
    private final WriterStorage storage;

    private static final Logger LOG = LoggerFactory.getLogger(RecordPipeline.class);

    private final EffectRecorder effects;

    public RecordPipeline(WriterStorage storage, DatabaseWriter.Options options) {
        this.storage = Recovery.checked(storage, options.name());
        this.options = options;
        this.installer = new ModuleInstaller(this.storage, options, state);
        this.applier = new CommandApplier(state, installer, options.sqlDml());
        this.snapshots = new Snapshots(this.storage.snapshots(), options.name(), options.snapshotEvery());
        this.effects = new EffectRecorder(this.storage.effects(), options.name());
    }

    /** Where effects go: the release thread records live commands' effects once their record is durable. */
    public EffectRecorder effects() {
        return effects;
    }

    public WriterState state() {
        return state;
    }

    public WriterStorage storage() {
        return storage;
    }

    /**
     * Recovers the state from storage; returns the log's follower at the first record not yet applied, which runs
     * {@code onAppend} after each append made through this process's log.
     */
    public dev.lightcone.commitlog.LogTailer<LoggedCommand> recover(Runnable onAppend) {
        long[] reexecuted = {0};
        var tailer = Recovery.run(storage, options.name(), state, installer, c -> {
            apply(c, null);
            reexecuted[0]++;
        }, onAppend);
        if (options.snapshotEvery() > 0 && reexecuted[0] >= options.snapshotEvery()) {
            // What recovery had to run again is not run again next time.
            snapshots.afterRecord(state, true);
        }
        return tailer;
    }

    /**
     * Applies one record. With {@code downstream} (live) the result and its effects go there (effects are recorded
     * once the record is durable) and follow-up requests to ingest; without (recovery) the effects are recorded now
     * and immediate calls the module queued are dropped: the first run logged them, or they are lost, as
     * "volatile, non-atomic" allows.
     */
    public AppliedCommand apply(LoggedCommand c, BiConsumer<AppliedCommand, RecordedEffects> downstream) {
        Command cmd = c.command();
        CommandApplier.Outcome outcome = applier.apply(cmd);
        CommandOrigin origin = CommandOrigin.of(cmd, options.databaseIdentity());
        List<TxEffect> txs = new ArrayList<>(outcome.transactions().size());
        List<RecordedEffects.Tx> recorded = new ArrayList<>(outcome.transactions().size());
        for (int i = 0; i < outcome.transactions().size(); i++) {
            TxResult r = outcome.transactions().get(i);
            txs.add(new TxEffect(c.offset(), i, r.timestamp(), origin.caller(), origin.connection(), origin.function(),
                    r.outcome(), r.changes(), r.durationMicros()));
            recorded.add(new RecordedEffects.Tx(r.timestamp().micros(), r.outcome().committed(), r.changes()));
            if (r.outcome().committed()) {
                state.writes().recordChanges(c.offset(), r.changes());
            }
        }
        state.connections().follow(cmd, outcome.error() == null && !outcome.transactions().isEmpty()
                && outcome.transactions().get(0).outcome().committed());
        boolean published = cmd instanceof PublishModule && outcome.error() == null;
        if (published) {
            state.writes().recordPublish(c.offset());
        }
        RecordedEffects recordedEffects = new RecordedEffects(recorded, state.sequences().changed(state.host()), outcome.fired(),
                outcome.error());
        state.setApplied(c.offset());
        AppliedCommand applied = new AppliedCommand(c.offset(), cmd, txs, outcome.error());
        ModuleHost host = state.host();
        List<ModuleHost.ImmediateCall> immediate = host == null ? List.of() : host.drainImmediateCalls();
        if (downstream == null) {
            effects.record(c.offset(), recordedEffects);
        } else {
            for (ModuleHost.ImmediateCall call : immediate) {
                options.systemRequests().submit(new SystemRequest.CallReducer(call.reducer(), call.args()));
            }
            downstream.accept(applied, recordedEffects);
            snapshots.afterRecord(state, cmd instanceof PublishModule);
        }
        return applied;
    }

    /** Asks ingest for firing records of the schedules due at {@code now}. */
    public void requestDueSchedules(dev.lightcone.sats.Timestamp now) {
        for (SystemRequest r : ScheduleFirings.due(state.host(), now)) {
            options.systemRequests().submit(r);
        }
    }

    /** The writer's side of procedure transactions. */
    public ProcedureDrafts procedureDrafts(Consumer<Runnable> onWriter, Runnable catchUp) {
        return new ProcedureDrafts(state, onWriter, catchUp);
    }

    @Override
    public void close() {
        snapshots.close();
    }
}
