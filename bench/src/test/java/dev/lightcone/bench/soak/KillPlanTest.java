package dev.lightcone.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** When the soak kills: a fixed number of kills, one per slice of the run, or a mean interval, from the seed. */
class KillPlanTest {
    private static final long SECOND = 1_000_000_000L;

    private static SoakConfig config(int seconds, double mean, OptionalInt kills) {
        SoakConfig d = SoakConfig.defaults(Duration.ofSeconds(seconds), 3);
        return new SoakConfig(d.duration(), mean, kills, d.seed(), d.accounts(), d.transferConnections(),
                d.inFlight(), d.chatConnections(), d.chatRate(), d.httpWorkers(), d.subscribers(), d.maxConnections(),
                d.floodEverySeconds(), d.floodExtra(), d.slowConsumer(), d.slowStarveSeconds(), d.restartTimeout(),
                d.callTimeout());
    }

    @Test
    void aFixedNumberOfKillsFallsOnePerSliceAndIsOwedUntilDone() {
        KillPlan p = new KillPlan(config(40, 30, OptionalInt.of(4)), new SplittableRandom(5));
        for (int i = 0; i < 4; i++) {
            assertTrue(p.owed());
            long due = p.nextDue(0);
            assertTrue(due >= (long) ((i + 0.25) * 10 * SECOND) && due <= (long) ((i + 0.75) * 10 * SECOND),
                    "kill " + i + " at " + due);
            assertEquals(100 * SECOND, p.nextDue(100 * SECOND), "late: right away");
            p.killed();
        }
        assertFalse(p.owed());
        assertEquals(Long.MAX_VALUE, p.nextDue(0));
    }

    @Test
    void aMeanIntervalDrawsWithinHalfAndOneAndAHalfTimesItAndStopsAtTheEnd() {
        KillPlan p = new KillPlan(config(1000, 10, OptionalInt.empty()), new SplittableRandom(5));
        for (int i = 0; i < 100; i++) {
            long d = p.nextDue(0);
            assertTrue(d >= 5 * SECOND && d <= 15 * SECOND, "interval " + d);
        }
        assertEquals(Long.MAX_VALUE, p.nextDue(999 * SECOND), "no kill due after the end");
        assertFalse(p.owed());
    }

    @Test
    void theSameSeedGivesTheSameMoments() {
        KillPlan a = new KillPlan(config(60, 10, OptionalInt.empty()), new SplittableRandom(9));
        KillPlan b = new KillPlan(config(60, 10, OptionalInt.empty()), new SplittableRandom(9));
        for (int i = 0; i < 5; i++) {
            assertEquals(a.nextDue(i * SECOND), b.nextDue(i * SECOND));
        }
    }
}
