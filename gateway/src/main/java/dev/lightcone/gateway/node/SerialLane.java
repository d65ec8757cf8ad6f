package dev.lightcone.gateway.node;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: one lane per session keeps
 * that session's requests ordered without a thread of its own. Bounded, so a flooding client is
 * refused instead of growing memory.
 */
final class SerialLane {
    static final int MAX_QUEUED = 16_384;

    private final Executor executor;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialLane(Executor executor) {
        this.executor = executor;
    }

    /** Queues a task; false when the lane is full. */
    synchronized boolean submit(Runnable task) {
        if (queue.size() >= MAX_QUEUED) {
            return false;
        }
        queue.addLast(task);
        if (!running) {
            running = true;
            executor.execute(this::drain);
        }
        return true;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.pollFirst();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }
}
