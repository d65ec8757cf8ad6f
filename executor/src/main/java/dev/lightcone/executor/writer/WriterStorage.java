package dev.lightcone.executor.writer;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.DamagedLogMetadataException;
import dev.lightcone.commitlog.DiskSpace;
import dev.lightcone.commitlog.EffectLog;
import dev.lightcone.commitlog.blob.BlobStore;
import dev.lightcone.commitlog.chronicle.ChronicleCommandLog;
import dev.lightcone.commitlog.chronicle.ChronicleEffectLog;
import dev.lightcone.commitlog.memory.InMemoryCommandLog;
import dev.lightcone.commitlog.memory.InMemoryEffectLog;
import dev.lightcone.commitlog.snapshot.SnapshotStore;
import java.nio.file.Path;

/**
 * Where one database keeps its history: the command log (the source of truth), the effect log
 * (derived, for fast recovery), snapshots and module blobs. {@code snapshots} and {@code blobs} may be
 * null for a purely in-memory database.
 */
public record WriterStorage(CommandLog commands, EffectLog effects, SnapshotStore snapshots, BlobStore blobs, Path dir)
        implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WriterStorage.class);

    /** The embedded layout under {@code dir}: {@code commands/}, {@code effects/}, {@code snapshots/}, {@code blobs/}. */
    public static WriterStorage open(Path dir) {
        return open(dir, DiskSpace.FILE_STORE);
    }

    /**
     * Free space the command log keeps: appends that would leave less are refused (the caller gets a
     * {@link dev.lightcone.commitlog.DiskFullException}) while reads go on.
     */
    public static final long COMMAND_RESERVE_BYTES = 64L << 20;
    /**
     * Free space the effect log keeps: less than the command log's, so that once commands are refused the effects
     * of those already accepted still fit.
     */
    public static final long EFFECT_RESERVE_BYTES = 16L << 20;

    /** The embedded layout under {@code dir}, its logs asking {@code space} before they write. */
    public static WriterStorage open(Path dir, DiskSpace space) {
        CommandLog commands = ChronicleCommandLog.builder(dir.resolve("commands"))
                .withDiskSpace(space, COMMAND_RESERVE_BYTES).build();
        try {
            return new WriterStorage(commands, openEffects(dir.resolve("effects"), space),
                    SnapshotStore.open(dir.resolve("snapshots")), BlobStore.open(dir.resolve("blobs")), dir);
        } catch (RuntimeException e) {
            commands.close();
            throw e;
        }
    }

    /** The effect log; derived data, so one whose Chronicle metadata is damaged is discarded and started anew. */
    private static EffectLog openEffects(Path effectsDir, DiskSpace space) {
        try {
            return ChronicleEffectLog.builder(effectsDir).withDiskSpace(space, EFFECT_RESERVE_BYTES).build();
        } catch (DamagedLogMetadataException e) {
            LOG.warn("effect log in {} cannot be opened ({}); rebuilding it from the command log", effectsDir,
                    e.getMessage());
            deleteTree(effectsDir);
            return ChronicleEffectLog.builder(effectsDir).withDiskSpace(space, EFFECT_RESERVE_BYTES).build();
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = java.nio.file.Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot discard the effect log in " + dir, e);
        }
    }

    /**
     * A database whose command log lives elsewhere (Kafka, shared by the nodes of a cluster) and whose
     * derived data stays on this node under {@code dir}: {@code effects/}, {@code snapshots/}, {@code blobs/}.
     * Takes ownership of {@code commands}.
     */
    public static WriterStorage withCommandLog(Path dir, CommandLog commands) {
        try {
            return new WriterStorage(commands, ChronicleEffectLog.open(dir.resolve("effects")),
                    SnapshotStore.open(dir.resolve("snapshots")), BlobStore.open(dir.resolve("blobs")), dir);
        } catch (RuntimeException e) {
            commands.close();
            throw e;
        }
    }

    /** Everything in memory; for tests and the harness. */
    public static WriterStorage inMemory() {
        return new WriterStorage(InMemoryCommandLog.create(), new InMemoryEffectLog(), null, null, null);
    }

    /** The same storage over an existing command log, with a new empty effect log (in memory). */
    public static WriterStorage replaying(CommandLog commands) {
        return new WriterStorage(commands, new InMemoryEffectLog(), null, null, null);
    }

    /**
     * Discards the effect log and starts an empty one. The effect log is derived from the command
     * log, so this loses nothing; recovery then re-executes from the last snapshot.
     */
    public WriterStorage withFreshEffects() {
        effects.close();
        if (dir == null) {
            return new WriterStorage(commands, new InMemoryEffectLog(), snapshots, blobs, null);
        }
        Path effectsDir = dir.resolve("effects");
        try (var walk = java.nio.file.Files.walk(effectsDir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot discard the effect log in " + effectsDir, e);
        }
        return new WriterStorage(commands, ChronicleEffectLog.builder(effectsDir)
                .withDiskSpace(DiskSpace.FILE_STORE, EFFECT_RESERVE_BYTES).build(), snapshots, blobs, dir);
    }

    @Override
    public void close() {
        try {
            effects.close();
        } finally {
            commands.close();
        }
    }
}
