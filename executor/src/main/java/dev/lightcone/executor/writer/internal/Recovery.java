package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.CommitLogException;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.LoggedEffect;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.commitlog.snapshot.Snapshot;
import dev.lightcone.executor.writer.WriterStorage;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database back after a restart: the newest valid snapshot, then the recorded effects after
 * it (no WebAssembly runs), then re-execution of the commands after the last recorded effect.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** How long recovery waits for one record the log is known to hold. */
    private static final long FETCH_TIMEOUT_SECONDS = 60;

    private Recovery() {
    }

    /**
     * @param reexecute applies one command by running it (the same path as live records, without outputs)
     */
    /**
     * The storage to recover from: the same, or with a fresh effect log if the effect log holds effects of
     * commands the log no longer has (a cut tail); the effect log is derived, so nothing is lost.
     */
    static WriterStorage checked(WriterStorage storage, String name) {
        if (storage.effects().lastCommandOffset() >= storage.commands().endOffset()) {
            LOG.warn("effect log of database {} runs past the command log (effect {} >= end {}); rebuilding it",
                    name, storage.effects().lastCommandOffset(), storage.commands().endOffset());
            return storage.withFreshEffects();
        }
        return storage;
    }

    /** Recovers from {@code storage}, which {@link #checked} has vetted; returns a tailer at the first record not applied. */
    static LogTailer<LoggedCommand> run(WriterStorage storage, String name, WriterState state, ModuleInstaller installer,
            Consumer<LoggedCommand> reexecute, Runnable onAppend) {
        long start = System.nanoTime();
        Optional<Snapshot> snap = storage.snapshots() == null ? Optional.empty()
                : storage.snapshots().readLatestValid(storage.commands().endOffset() - 1);
        snap.ifPresent(s -> restore(s, state, installer));
        long fromSnapshot = state.applied();
        LogTailer<LoggedCommand> commands = storage.commands().follow(Math.max(state.applied() + 1,
                storage.commands().firstOffset()), onAppend);
        long end = storage.commands().endOffset();
        try {
            return replay(storage, name, state, installer, reexecute, commands, end, start, fromSnapshot);
        } catch (RuntimeException e) {
            commands.close();
            throw e;
        }
    }

    private static LogTailer<LoggedCommand> replay(WriterStorage storage, String name, WriterState state,
            ModuleInstaller installer, Consumer<LoggedCommand> reexecute, LogTailer<LoggedCommand> commands, long end,
            long start, long fromSnapshot) {
        int fromEffects = 0;
        try (LogTailer<LoggedEffect> effects = effectsFrom(storage, state.applied() + 1)) {
            for (LoggedEffect e = nextEffect(effects); e != null; e = nextEffect(effects)) {
                LoggedCommand c = next(commands, end);
                if (c == null || c.offset() != e.commandOffset()) {
                    throw new DamagedEffectLogException("effect log out of step with the command log at offset "
                            + e.commandOffset() + " (command " + (c == null ? "missing" : c.offset()) + ")", null);
                }
                RecordedEffects recorded;
                try {
                    recorded = EffectCodec.decode(e.payload());
                } catch (RuntimeException bad) {
                    throw new DamagedEffectLogException("the effects of command " + c.offset() + " cannot be decoded: "
                            + bad.getMessage(), bad);
                }
                redo(c, recorded, state, installer);
                state.setApplied(c.offset());
                fromEffects++;
            }
        }
        int reexecuted = 0;
        for (LoggedCommand c = next(commands, end); c != null; c = next(commands, end)) {
            reexecute.accept(c);
            reexecuted++;
        }
        LOG.info("database {} recovered to offset {} in {} ms: snapshot at {}, {} commands from effects, {} re-executed",
                name, state.applied(), (System.nanoTime() - start) / 1_000_000, fromSnapshot, fromEffects, reexecuted);
        return commands;
    }

    private static LogTailer<LoggedEffect> effectsFrom(WriterStorage storage, long commandOffset) {
        try {
            return storage.effects().tailFromCommand(commandOffset);
        } catch (CommitLogException e) {
            throw new DamagedEffectLogException("the effect log cannot be read from command " + commandOffset + ": "
                    + e.getMessage(), e);
        }
    }

    private static LoggedEffect nextEffect(LogTailer<LoggedEffect> effects) {
        try {
            return effects.poll();
        } catch (CommitLogException e) {
            throw new DamagedEffectLogException("the effect log is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * The next record up to {@code end} (the log's end when recovery began), waiting for it if the log
     * has it but it is not readable yet (a remote log's reader fetches it first); null at {@code end}.
     */
    private static LoggedCommand next(LogTailer<LoggedCommand> commands, long end) {
        if (commands.nextOffset() >= end) {
            return null;
        }
        try {
            LoggedCommand c = commands.poll(FETCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (c == null) {
                throw new IllegalStateException("record " + commands.nextOffset() + " of the command log could not be "
                        + "read within " + FETCH_TIMEOUT_SECONDS + " s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recovering", e);
        }
    }

    private static void restore(Snapshot s, WriterState state, ModuleInstaller installer) {
        SnapshotCodec.Image image = SnapshotCodec.decode(s);
        installer.restore(image);
        state.sequences().restore(state.host(), image.sequences());
        state.firings().restore(image.lastFired());
        state.writes().restore(image.lastWrites());
        state.connections().restore(image.connectionOwners());
        state.setApplied(image.offset());
    }

    /** Redoes a recorded command from its effects, without running the module (only loading it on publish). */
    private static void redo(LoggedCommand c, RecordedEffects effects, WriterState state, ModuleInstaller installer) {
        if (effects.error() != null) {
            return;
        }
        if (c.command() instanceof PublishModule p) {
            boolean fresh = state.host() == null || p.clear();
            installer.load(p, !fresh);
            state.writes().recordPublish(c.offset());
        }
        for (RecordedEffects.Tx tx : effects.transactions()) {
            if (tx.committed()) {
                state.host().datastore().apply(tx.changes());
                state.writes().recordChanges(c.offset(), tx.changes());
            }
        }
        state.host().views().invalidate();
        state.connections().follow(c.command(),
                !effects.transactions().isEmpty() && effects.transactions().get(0).committed());
        state.sequences().restore(state.host(), effects.sequences());
        if (effects.fired() != null) {
            state.firings().record(effects.fired());
        }
    }
}
