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

    /** One armed deadline. {@link #close()} disarms it and clears any interrupt it caused. */
    static final class Deadline implements AutoCloseable {
        private final Thread thread;
        private final ScheduledFuture<?> future;
        private boolean active = true;
        private boolean fired;

        private Deadline(Thread thread, Duration timeout) {
            this.thread = thread;
            this.future = TIMER.schedule(this::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        private synchronized void fire() {
            if (active) {
                fired = true;
                thread.interrupt();
            }
        }

        /** Whether the deadline passed while the call ran. */
        synchronized boolean fired() {
            return fired;
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
