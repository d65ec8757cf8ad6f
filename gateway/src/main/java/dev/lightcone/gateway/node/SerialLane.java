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

    /**
     * Runs {@code task} on the calling thread if the lane is idle (nothing queued or running), saving the hand-off
     * to another thread; the task must not block and reports whether it could do its work that way. Returns false
     * (having run nothing, or a task that declined) when the caller must {@link #submit} instead. Callers submit
     * from one thread at a time (a connection's event loop), so nothing can queue behind an inline task.
     */
    boolean runIfIdle(java.util.function.BooleanSupplier task) {
        synchronized (this) {
            if (running || !queue.isEmpty()) {
                return false;
            }
            running = true;
        }
        try {
            return task.getAsBoolean();
        } finally {
            synchronized (this) {
                if (queue.isEmpty()) {
                    running = false;
                } else {
                    executor.execute(this::drain);
                }
            }
        }
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
