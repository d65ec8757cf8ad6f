package dev.lightcone.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few seconds of the real load generator against an embedded server, so the harness cannot rot. Asserts
 * correctness only (commits happened, no protocol errors or time-outs, money conserved), never speed.
 */
class LoadGeneratorSmokeTest {
    @Test
    void transfersCommitAndTheBankBalances(@TempDir Path dir) throws Exception {
        LoadConfig config = new LoadConfig(1_000, 4, 4, 1.5, true, 0, 2, 0, 10, 42, 2);
        LoadReport r;
        try (EmbeddedServer server = EmbeddedServer.start(dir.resolve("data"))) {
            r = LoadGenerator.run(new LoadGenerator.Target(server.baseUrl(), "bank-smoke", true, true,
                    OptionalLong.empty(), "embedded"), config, System.out::println);
        }
        System.out.println(r.toMarkdown());
        assertTrue(r.committedMeasured() > 0, "some transfers committed while measuring");
        assertEquals(r.sent(), r.committed() + r.errs(), "every call got a result");
        assertEquals(0, r.protocolErrors(), () -> "protocol errors: " + r.errorKinds());
        assertEquals(0, r.internalErrors() + r.timeouts() + r.lateResults(), () -> "failures: " + r.errorKinds());
        assertEquals(1_000, r.before().accounts());
        assertEquals(1_000 * 1_000L, r.before().balance(), "seed gives every account 1000");
        assertTrue(r.balanceConserved(), () -> r.before() + " -> " + r.after());
        assertTrue(r.latencyMicros().getTotalCount() > 0);
        assertTrue(r.cpu().allocatedBytesPerSecond().keySet().stream().anyMatch(g -> g.startsWith("lightcone-writer")),
                () -> "the writer's allocation is reported: " + r.cpu().allocatedBytesPerSecond());
        assertTrue(r.toMarkdown().contains("heap allocated per transaction by thread"), r::toMarkdown);
    }
}
