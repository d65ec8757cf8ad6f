package dev.lightcone.commitlog.internal;

import dev.lightcone.commitlog.LogMetrics;
import java.util.concurrent.CompletableFuture;

/**
 * The bookkeeping every {@link FrameLog} shares: how far records are readable ({@code visible}, one past
 * the newest written), how far they are durable, and the group-commit counters.
 */
public abstract class AbstractFrameLog implements FrameLog {
    /** One past the newest record tailers may read. */
    protected final Watermark visible;
    /** The newest durable offset. Never ahead of {@code visible}: durable implies readable. */
    protected final Watermark durable;
    protected final GroupCommitStats stats = new GroupCommitStats();

    protected AbstractFrameLog(long end) {
        this.visible = new Watermark(end);
        this.durable = new Watermark(end - 1);
    }

    @Override
    public long readableEnd() {
        return visible.get();
    }

    @Override
    public long durableOffset() {
        return durable.get();
    }

    @Override
    public CompletableFuture<Long> whenDurable(long offset) {
        return durable.whenAtLeast(offset);
    }

    @Override
    public LogMetrics metrics() {
        return stats.snapshot();
    }

    /** Fails everyone waiting for records or durability that will now never come. */
    protected final void failWaiters(Throwable cause) {
        visible.fail(cause);
        durable.fail(cause);
    }
}
