package dev.lightcone.ingest.internal;

import dev.lightcone.executor.writer.AppliedCommand;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Callers waiting for their record, by log offset. The offset is known only once the log has taken the
 * record, and with an asynchronous log (Kafka) the result may be released before the append's callback
 * runs; such early results are kept until claimed, and only while an append is still unanswered. No
 * lock is held across an append.
 */
public final class PendingResults {
    /** Early results older than this many offsets are dropped: no append takes that long to answer. */
    private static final long EARLY_WINDOW = 1 << 16;

    private final Map<Long, CompletableFuture<AppliedCommand>> waiting = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, AppliedCommand> early = new ConcurrentSkipListMap<>();
    private final AtomicInteger unanswered = new AtomicInteger();

    /** Call before appending: from now on released results are kept until {@link #appended} claims them. */
    public void appending() {
        unanswered.incrementAndGet();
    }

    /** The append failed: nothing will be claimed for it. */
    public void appendFailed() {
        unanswered.decrementAndGet();
    }

    /** The log took the record at {@code offset}: {@code caller} completes when it is released. */
    public void appended(long offset, CompletableFuture<AppliedCommand> caller) {
        waiting.put(offset, caller);
        unanswered.decrementAndGet();
        AppliedCommand already = early.remove(offset);
        if (already != null) {
            waiting.remove(offset, caller);
            caller.complete(already);
        }
    }

    /**
     * A record was applied and is durable: completes its caller, if one of this ingest's. Either this
     * method or {@link #appended} sees the other's entry (each writes its map before reading the other),
     * and completing twice is harmless.
     */
    public void released(AppliedCommand c) {
        long offset = c.offset();
        CompletableFuture<AppliedCommand> f = waiting.remove(offset);
        if (f == null && unanswered.get() > 0) {
            early.put(offset, c);
            early.headMap(offset - EARLY_WINDOW).clear();
        }
        if (f == null) {
            f = waiting.remove(offset);
        }
        if (f != null) {
            early.remove(offset);
            f.complete(c);
        }
    }

    /** Callers still waiting. */
    public int size() {
        return waiting.size();
    }

    /** Fails every waiting caller. */
    public void failAll(RuntimeException why) {
        waiting.values().forEach(f -> f.completeExceptionally(why));
        waiting.clear();
        early.clear();
    }
}
