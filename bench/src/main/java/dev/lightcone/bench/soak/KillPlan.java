package dev.lightcone.bench.soak;

import java.util.SplittableRandom;

/**
 * When the soak kills the server, from its seed: either every {@code U(0.5, 1.5) x mean} seconds after the previous
 * restart while the run lasts, or exactly {@code n} kills, the i-th at a random moment of the i-th n-th of the run (or
 * right after the previous restart when that took longer).
 */
final class KillPlan {
    private static final long NONE = Long.MAX_VALUE;

    private final long durationNanos;
    private final double meanNanos;
    private final long[] planned;
    private final SplittableRandom rnd;
    private int done;

    KillPlan(SoakConfig config, SplittableRandom rnd) {
        this.durationNanos = config.duration().toNanos();
        this.meanNanos = config.killEverySeconds() * 1e9;
        this.rnd = rnd;
        if (config.kills().isPresent()) {
            int n = config.kills().getAsInt();
            planned = new long[n];
            for (int i = 0; i < n; i++) {
                planned[i] = (long) ((i + 0.25 + rnd.nextDouble() * 0.5) * durationNanos / n);
            }
        } else {
            planned = null;
        }
    }

    /** When the next kill is due (nanoseconds since the run started), given the server is serving since {@code now}. */
    long nextDue(long now) {
        if (planned != null) {
            return done < planned.length ? Math.max(planned[done], now) : NONE;
        }
        long due = now + (long) ((0.5 + rnd.nextDouble()) * meanNanos);
        return due < durationNanos ? due : NONE;
    }

    /** True while a fixed number of kills was asked for and not all are done: the run goes on for them. */
    boolean owed() {
        return planned != null && done < planned.length;
    }

    void killed() {
        done++;
    }

    int done() {
        return done;
    }
}
