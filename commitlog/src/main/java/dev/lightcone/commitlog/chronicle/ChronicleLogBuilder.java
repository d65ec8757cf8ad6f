package dev.lightcone.commitlog.chronicle;

import dev.lightcone.commitlog.DiskSpace;
import java.nio.file.Path;
import java.util.function.Function;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Configures and opens a Chronicle-backed log in a directory.
 *
 * @param <L> the log type it builds
 */
public final class ChronicleLogBuilder<L> {
    private final Path dir;
    private final String name;
    private final Function<ChronicleFrameLog, L> wrap;
    private RollCycle rollCycle = RollCycles.FAST_DAILY;
    private TimeProvider timeProvider = SystemTimeProvider.INSTANCE;
    private int maxPendingRecords = 1 << 20;
    private DiskSpace diskSpace = DiskSpace.FILE_STORE;
    private long reserveBytes = DEFAULT_RESERVE_BYTES;
    private SyncPolicy syncPolicy = SyncPolicy.EVERY_BATCH;

    /** Free space kept by default: 64 MiB, room for a group-commit batch, the effect log and snapshots behind it. */
    public static final long DEFAULT_RESERVE_BYTES = 64L << 20;

    ChronicleLogBuilder(Path dir, String name, Function<ChronicleFrameLog, L> wrap) {
        this.dir = dir;
        this.name = name;
        this.wrap = wrap;
    }

    /** How often Chronicle starts a new data file; default {@code FAST_DAILY}. */
    public ChronicleLogBuilder<L> withRollCycle(RollCycle cycle) {
        this.rollCycle = cycle;
        return this;
    }

    /** The clock Chronicle uses to pick the cycle; tests use a settable one to force rolls. */
    public ChronicleLogBuilder<L> withTimeProvider(TimeProvider provider) {
        this.timeProvider = provider;
        return this;
    }

    /** Appends that may wait for the writer before {@code append} blocks; default 2^20. */
    public ChronicleLogBuilder<L> withMaxPendingRecords(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxPendingRecords must be positive, got " + max);
        }
        this.maxPendingRecords = max;
        return this;
    }

    /**
     * Refuses appends (with {@link dev.lightcone.commitlog.DiskFullException}) that would leave less than
     * {@code reserveBytes} free on the file system, as {@code space} reports it; default: the file system's own
     * answer and {@link #DEFAULT_RESERVE_BYTES}.
     */
    public ChronicleLogBuilder<L> withDiskSpace(DiskSpace space, long reserveBytes) {
        if (reserveBytes < 0) {
            throw new IllegalArgumentException("reserveBytes must not be negative, got " + reserveBytes);
        }
        this.diskSpace = java.util.Objects.requireNonNull(space, "space");
        this.reserveBytes = reserveBytes;
        return this;
    }

    /** When written records are forced to disk; default {@link SyncPolicy#EVERY_BATCH}. */
    public ChronicleLogBuilder<L> withSyncPolicy(SyncPolicy policy) {
        this.syncPolicy = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Opens (or creates) the log, cutting off any torn or corrupt tail. */
    public L build() {
        return wrap.apply(ChronicleFrameLog.open(dir, new ChronicleOptions(name, rollCycle, timeProvider,
                maxPendingRecords, diskSpace, reserveBytes, syncPolicy)));
    }
}
