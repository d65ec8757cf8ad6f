package dev.lightcone.commitlog.internal;

import dev.lightcone.commitlog.LogMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for one log. Sync counters are written only by the single sync thread, so plain volatile
 * stores suffice; appends come from many threads and use a striped adder.
 */
public final class GroupCommitStats {
    private final LongAdder appended = new LongAdder();
    private volatile long syncs;
    private volatile long recordsSynced;
    private volatile long maxBatch;
    private volatile long totalSyncNanos;
    private volatile long maxSyncNanos;

    /** Counts one accepted append. */
    public void onAppend() {
        appended.increment();
    }

    /** Records one sync covering {@code records} records; call from the sync thread only. */
    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    public void onSync(long records, long nanos) {
        syncs = syncs + 1;
        recordsSynced = recordsSynced + records;
        totalSyncNanos = totalSyncNanos + nanos;
        if (records > maxBatch) {
            maxBatch = records;
        }
        if (nanos > maxSyncNanos) {
            maxSyncNanos = nanos;
        }
    }

    /** A copy of the counters. */
    public LogMetrics snapshot() {
        return new LogMetrics(appended.sum(), syncs, recordsSynced, maxBatch, totalSyncNanos, maxSyncNanos);
    }
}
