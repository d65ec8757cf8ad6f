package dev.lightcone.commitlog.chronicle;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;

/**
 * Settings of one Chronicle-backed log.
 *
 * @param name              the log's name in thread names and messages (e.g. {@code commandlog})
 * @param rollCycle         how often Chronicle starts a new data file (default {@code FAST_DAILY})
 * @param timeProvider      the clock Chronicle rolls by; tests pass a settable one to force rolls
 * @param maxPendingRecords appends accepted but not yet written before {@code append} blocks (back-pressure)
 * @param diskSpace         asked for the file system's free space before appends
 * @param reserveBytes      free bytes the file system must keep; appends that would leave less are refused
 * @param syncPolicy        when written records are forced to disk
 */
record ChronicleOptions(String name, RollCycle rollCycle, TimeProvider timeProvider, int maxPendingRecords,
        dev.lightcone.commitlog.DiskSpace diskSpace, long reserveBytes, SyncPolicy syncPolicy) {
}
