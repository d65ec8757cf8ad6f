package dev.lightcone.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short soak against a real {@code lightcone start} process (run from the test class path): two SIGKILLs, a
 * connection flood past a small cap and a subscriber that never reads, under WebSocket and HTTP load. Asserts what the
 * soak guarantees, never timings: every acknowledged call survived each restart exactly once, the bank's money was
 * conserved, the flood was refused at the cap while the server went on serving, and the run passed.
 */
class SoakSmokeTest {
    @Test
    void acknowledgedCallsSurviveKillsFloodsAndASlowConsumer(@TempDir Path dir) throws Exception {
        SoakConfig config = new SoakConfig(Duration.ofSeconds(6), 3, OptionalInt.of(2), 7, 10_000, 2, 8, 1, 100, 1,
                1, 64, 1, 32, true, 3, Duration.ofMinutes(3), Duration.ofSeconds(90));
        SoakReport r = Soak.run(config, ServerProcess.Launch.classPath(System.getProperty("java.class.path"), "768m",
                // C1 only: a server that starts (and restarts) in half the CPU, on a small shared CI machine
                List.of("-XX:TieredStopAtLevel=1")), dir, System.out::println);
        System.out.println(r.toText());

        assertTrue(r.passed(), r::toText);
        assertEquals(2, r.kills(), r::toText);
        assertEquals(2, r.restartMillis().size(), r::toText);
        assertEquals(0, r.lost(), r::toText);
        assertEquals(0, r.duplicated(), r::toText);
        assertTrue(r.verifications().size() >= 4, () -> "checked at the start, after each kill and at the end: "
                + r.toText());
        assertTrue(r.verifications().stream().allMatch(SoakReport.Verification::conserved), r::toText);
        SoakReport.Verification last = r.verifications().get(r.verifications().size() - 1);
        assertTrue(last.acknowledged() > 0, () -> "chat calls were acknowledged and verified: " + r.toText());
        assertTrue(r.counts().get("transfers acknowledged (WebSocket)") > 0, r::toText);
        assertTrue(!r.floods().isEmpty() && r.refusedConnections() > 0, () -> "the flood went past the cap: "
                + r.toText());
        assertTrue(r.counts().get("slow consumers opened") > 0, () -> "a slow consumer ran: " + r.toText());
    }
}
