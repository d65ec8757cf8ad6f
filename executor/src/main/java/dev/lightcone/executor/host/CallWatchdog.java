package dev.lightcone.executor.host;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops guest calls that run too long by interrupting their thread; Chicory checks the interrupt
 * flag in loops and calls and aborts with {@code ChicoryInterruptedException}. One daemon thread
 * looks at the armed deadlines every {@value #TICK_MILLIS} ms, so arming costs a set insertion and a counter
 * increment rather than a scheduled task (this runs on every reducer call). The thread parks once a whole tick
 * passed with nothing armed and no call started, and the next arming wakes it: an idle server spends no CPU
 * here, and a busy one wakes it once per tick rather than once per call. A call that ends just as its deadline
 * passes must not leave a stray interrupt behind, so firing and disarming share the deadline's lock.
 */
final class CallWatchdog {
    static final long TICK_MILLIS = 5;
    private static final Set<Deadline> ARMED = ConcurrentHashMap.newKeySet();
    /** How many deadlines were ever armed: the watcher parks only after a tick in which this did not move. */
    private static final AtomicLong ARMINGS = new AtomicLong();
    private static final Thread WATCHER = new Thread(CallWatchdog::watch, "lightcone-call-watchdog");
    /** Set while the watcher parks; arming wakes it (Dekker style with {@link #ARMINGS}). */
    private static volatile boolean parked;

    static {
        WATCHER.setDaemon(true);
        WATCHER.start();
    }

    private static void watch() {
        while (true) {
            long armingsBefore = ARMINGS.get();
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Deadline d : ARMED) {
                d.check(now);
            }
            if (ARMED.isEmpty() && ARMINGS.get() == armingsBefore) {
                parked = true;
                if (ARMED.isEmpty() && ARMINGS.get() == armingsBefore) {
                    LockSupport.park(CallWatchdog.class);
                }
                parked = false;
            }
        }
    }

    /**
     * One armed deadline. {@link #close()} disarms it and clears any interrupt it caused. While a
     * procedure blocks in the host (sleeping, waiting for HTTP) the deadline is paused: the limit
     * is on the module's own execution, as the reference host meters instructions, not waiting.
     */
    static final class Deadline implements AutoCloseable {
        private final Thread thread;
        private long remainingNanos;
        private long armedAtNanos;
        private boolean active = true;
        private boolean paused;
        private boolean fired;

        private Deadline(Thread thread, Duration timeout) {
            this.thread = thread;
            this.remainingNanos = timeout.toNanos();
            this.armedAtNanos = System.nanoTime();
            ARMED.add(this);
            ARMINGS.incrementAndGet();
            if (parked) {
                LockSupport.unpark(WATCHER);
            }
        }

        private synchronized void check(long now) {
            if (active && !paused && !fired && now - armedAtNanos >= remainingNanos) {
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
            remainingNanos = Math.max(0, remainingNanos - (System.nanoTime() - armedAtNanos));
        }

        /** Restarts the clock with the time that was left. */
        synchronized void resume() {
            if (!active || !paused) {
                return;
            }
            paused = false;
            armedAtNanos = System.nanoTime();
        }

        @Override
        public synchronized void close() {
            active = false;
            ARMED.remove(this);
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
