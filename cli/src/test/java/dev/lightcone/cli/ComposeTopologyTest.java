package dev.lightcone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Brings up {@code compose/compose.yaml} (Kafka in KRaft mode and three nodes, the image built from this
 * repository) and runs the official TypeScript SDK's chat scenario against node 2, which did not publish the
 * example itself. Skipped where no Docker engine runs (as on this project's CI machine, which checks the file
 * with {@code docker-compose config} instead).
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeTopologyTest {
    private static final Duration START = Duration.ofMinutes(15);

    @Container
    static final ComposeContainer CLUSTER = new ComposeContainer(composeFile())
            .withBuild(true)
            .withExposedService("node-1", 3000, Wait.forListeningPort().withStartupTimeout(START))
            .withExposedService("node-2", 3000, Wait.forListeningPort().withStartupTimeout(START));

    private static File composeFile() {
        return repoRoot().resolve("compose").resolve("compose.yaml").toFile();
    }

    private static Path repoRoot() {
        Path d = Paths.get("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("compose"))) {
            d = d.getParent();
        }
        if (d == null) {
            throw new IllegalStateException("cannot find compose/ above " + Paths.get("").toAbsolutePath());
        }
        return d;
    }

    @Test
    void theChatScenarioRunsAgainstANodeOfTheComposedCluster() throws IOException, InterruptedException {
        Path e2e = repoRoot().resolve("e2e").resolve("ts-sdk");
        var run = new ProcessBuilder("node", "chat-e2e.mjs").directory(e2e.toFile()).redirectErrorStream(true);
        run.environment().put("PORT", Integer.toString(CLUSTER.getServicePort("node-2", 3000)));
        run.environment().put("DB", "quickstart-chat");
        run.environment().put("TIMEOUT_MS", "120000");
        Process p = run.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), "node did not finish");
        assertEquals(0, p.exitValue(), "the TypeScript scenario failed on the composed cluster:\n" + output);
    }
}
