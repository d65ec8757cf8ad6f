package dev.lightcone.commitlog.internal;

import dev.lightcone.commitlog.LogMetrics;
import java.util.concurrent.CompletableFuture;

/**
 * The storage seam under the command and effect logs: a log of opaque payloads with dense offsets,
 * group-committed durability and tailing. Implemented on Chronicle Queue and in memory; the typed logs
 * add encoding on top, so framing and group commit exist once.
 */
public interface FrameLog extends AutoCloseable {

    /** Appends a payload (taking ownership of the array) and returns its offset. Thread-safe. */
    long append(byte[] payload);

    /** The oldest readable offset. */
    long firstOffset();

    /** One past the newest appended offset. */
    long endOffset();

    /** One past the newest record a tailer can read now (written, not necessarily durable). */
    long readableEnd();

    /** The highest durable offset; -1 if none. */
    long durableOffset();

    /** Completes once {@code offset} is durable. */
    CompletableFuture<Long> whenDurable(long offset);

    /** A reader from {@code fromOffset}. */
    FrameTailer tail(long fromOffset);

    /** Group-commit counters. */
    LogMetrics metrics();

    @Override
    void close();
}
