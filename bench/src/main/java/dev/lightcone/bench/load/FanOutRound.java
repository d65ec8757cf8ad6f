package dev.lightcone.bench.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One measured call of the fan-out bench: when it was sent and how many arrivals (the caller's result and one
 * update per subscriber) are still due; {@link #done} completes with the last one.
 */
final class FanOutRound {
    private final long sentNanos;
    private final AtomicInteger due;
    private volatile long completedNanos;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    FanOutRound(long sentNanos, int arrivals) {
        this.sentNanos = sentNanos;
        this.due = new AtomicInteger(arrivals);
    }

    long sentNanos() {
        return sentNanos;
    }

    /** When the last arrival was counted (valid once {@link #done} completed). */
    long completedNanos() {
        return completedNanos;
    }

    /** Counts one arrival; the last one completes {@link #done}. */
    void arrive() {
        if (due.decrementAndGet() == 0) {
            completedNanos = System.nanoTime();
            done.complete(null);
        }
    }
}
