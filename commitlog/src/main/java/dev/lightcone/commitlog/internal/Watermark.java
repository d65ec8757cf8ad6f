package dev.lightcone.commitlog.internal;

import dev.lightcone.commitlog.LogClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A monotone long that threads can wait on, blocking or through futures. The advancing side pays
 * one volatile write and one volatile read when nobody waits; the lock is taken only when someone does.
 */
public final class Watermark {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.target, b.target));
    private volatile long value;
    /** Threads and futures waiting; written before they re-check {@link #value} (Dekker style). */
    private volatile int interested;
    private volatile Throwable failure;

    private record Waiter(long target, CompletableFuture<Long> future) {
    }

    public Watermark(long initial) {
        this.value = initial;
    }

    /** The current value. */
    public long get() {
        return value;
    }

    /**
     * Raises the value to {@code v} (never lowers it) and wakes whoever waits for it. Callers must
     * serialize advances (one sync thread, or under the appender's lock).
     */
    public void advanceTo(long v) {
        if (v <= value) {
            return;
        }
        value = v;
        if (interested == 0) {
            return;
        }
        List<Waiter> ready = new ArrayList<>();
        lock.lock();
        try {
            if (value < v) {
                value = v;
            }
            while (!waiters.isEmpty() && waiters.peek().target <= value) {
                ready.add(waiters.poll());
                interested--;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long now = value;
        // Completing outside the lock keeps callbacks from running while other threads queue on it.
        for (Waiter w : ready) {
            w.future.complete(now);
        }
    }

    /** Fails every pending and future wait with {@code cause}; the value stops moving. */
    public void fail(Throwable cause) {
        List<Waiter> pending;
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            pending = new ArrayList<>(waiters);
            waiters.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Waiter w : pending) {
            w.future.completeExceptionally(failure);
        }
    }

    /** Completes with the value once it is at least {@code target}. */
    public CompletableFuture<Long> whenAtLeast(long target) {
        long now = value;
        if (now >= target) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<Long> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            interested++;
            now = value;
            if (now >= target) {
                interested--;
                return CompletableFuture.completedFuture(now);
            }
            waiters.add(new Waiter(target, f));
        } finally {
            lock.unlock();
        }
        return f;
    }

    /**
     * Waits until the value is at least {@code target}; returns false on timeout.
     *
     * @throws LogClosedException if the watermark failed while waiting
     */
    public boolean awaitAtLeast(long target, long timeout, TimeUnit unit) throws InterruptedException {
        if (value >= target) {
            return true;
        }
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            interested++;
            try {
                while (value < target) {
                    if (failure != null) {
                        throw new LogClosedException("log stopped while waiting", failure);
                    }
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = changed.awaitNanos(nanos);
                }
                return true;
            } finally {
                interested--;
            }
        } finally {
            lock.unlock();
        }
    }
}
