package dev.lightcone.commitlog;

/**
 * A point-in-time copy of a log's group-commit counters.
 *
 * @param recordsAppended   records accepted by {@code append} since the log was opened
 * @param syncs             completed syncs (one per drained batch)
 * @param recordsSynced     records made durable by those syncs
 * @param maxRecordsPerSync the largest batch one sync covered
 * @param totalSyncNanos    time spent inside sync calls
 * @param maxSyncNanos      the slowest single sync
 */
public record LogMetrics(long recordsAppended, long syncs, long recordsSynced, long maxRecordsPerSync,
                         long totalSyncNanos, long maxSyncNanos) {

    /** Mean batch size per sync; 0 before the first sync. */
    public double meanRecordsPerSync() {
        return syncs == 0 ? 0 : (double) recordsSynced / syncs;
    }

    /** Mean sync latency in microseconds; 0 before the first sync. */
    public double meanSyncMicros() {
        return syncs == 0 ? 0 : totalSyncNanos / 1_000.0 / syncs;
    }
}
