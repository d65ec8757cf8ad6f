package dev.lightcone.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A short real fan-out run, so the harness cannot rot: every subscriber gets every update; no timing asserted. */
class FanOutBenchSmokeTest {
    @Test
    void everySubscriberGetsEveryUpdate(@TempDir Path dir) throws Exception {
        FanOutBench bench = new FanOutBench();
        new CommandLine(bench).parseArgs("--subscribers", "20", "--accounts", "50", "--warmup-rounds", "5",
                "--rounds", "20", "--duration", "1", "--window", "8");
        FanOutReport r;
        try (EmbeddedServer server = EmbeddedServer.start(dir.resolve("data"))) {
            r = bench.run(server.baseUrl(), System.out::println);
        }
        System.out.println(r.toMarkdown());
        assertEquals(20, r.allServed().getTotalCount(), "every measured sequential call was served");
        assertEquals(20L * 20, r.perUpdate().getTotalCount(), "one measured update per subscriber per call");
        assertTrue(r.committed() > 0, "the throughput phase committed transfers");
        assertEquals(r.expected(), r.delivered(), "every committed transfer reached every subscriber once");
        assertEquals(0, r.failed());
        assertEquals(0, r.unexpected());
        assertTrue(r.ok());
    }
}
