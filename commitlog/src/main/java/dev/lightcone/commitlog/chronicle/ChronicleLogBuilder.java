package dev.lightcone.commitlog.chronicle;

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

    /** Opens (or creates) the log, cutting off any torn or corrupt tail. */
    public L build() {
        return wrap.apply(ChronicleFrameLog.open(dir, new ChronicleOptions(name, rollCycle, timeProvider,
                maxPendingRecords)));
    }
}
