package dev.lightcone.executor.host;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops guest calls that run too long by interrupting their thread; Chicory checks the interrupt
 * flag in loops and calls and aborts with {@code ChicoryInterruptedException}. A call that ends
 * just as its deadline passes must not leave a stray interrupt behind, so arming, firing and
 * disarming share one lock.
 */
final class CallWatchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lightcone-call-watchdog");
        t.setDaemon(true);
        return t;
    });

    /**
     * One armed deadline. {@link #close()} disarms it and clears any interrupt it caused. While a
     * procedure blocks in the host (sleeping, waiting for HTTP) the deadline is paused: the limit
     * is on the module's own execution, as the reference host meters instructions, not waiting.
     */
    static final class Deadline implements AutoCloseable {
        private final Thread thread;
        private ScheduledFuture<?> future;
        private long remainingNanos;
        private long armedAtNanos;
        /** Bumped on every pause so a firing that was already under way when paused is ignored. */
        private int generation;
        private boolean active = true;
        private boolean paused;
        private boolean fired;

        private Deadline(Thread thread, Duration timeout) {
            this.thread = thread;
            this.remainingNanos = timeout.toNanos();
            schedule();
        }

        private void schedule() {
            int gen = generation;
            armedAtNanos = System.nanoTime();
            future = TIMER.schedule(() -> fire(gen), remainingNanos, TimeUnit.NANOSECONDS);
        }

        private synchronized void fire(int gen) {
            if (active && !paused && gen == generation) {
                fired = true;
                thread.interrupt();
            }
        }

        /** Whether the deadline passed while the call ran. */
        synchronized boolean fired() {
            return fired;
        }

        /** Stops the clock while the calling thread blocks in the host. */
        synchronized void pause() {
            if (!active || paused || fired) {
                return;
            }
            paused = true;
            generation++;
            future.cancel(false);
            remainingNanos = Math.max(0, remainingNanos - (System.nanoTime() - armedAtNanos));
        }

        /** Restarts the clock with the time that was left. */
        synchronized void resume() {
            if (!active || !paused) {
                return;
            }
            paused = false;
            schedule();
        }

        @Override
        public synchronized void close() {
            active = false;
            future.cancel(false);
            if (fired) {
                Thread.interrupted();
            }
        }
    }

    private CallWatchdog() {
    }

    /** Arms a deadline for the current thread. */
    static Deadline arm(Duration timeout) {
        return new Deadline(Thread.currentThread(), timeout);
    }
}
