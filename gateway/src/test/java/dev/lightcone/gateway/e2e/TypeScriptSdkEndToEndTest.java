package dev.lightcone.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.service.PublishOutcome;
import dev.lightcone.sats.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/**
 * The official SpacetimeDB TypeScript SDK ({@code spacetimedb@2.10.1} on Node 20, with
 * {@code undici@6}) against a real Lightcone server hosting the chat example: the scenario in
 * {@code e2e/ts-sdk/chat-e2e.mjs} (two clients; inserts, updates, deletes through the SDK's callbacks;
 * a failing reducer; reconnection with a saved token; unsubscribe). Needs {@code npm ci} in
 * {@code e2e/ts-sdk} (done by {@code .ci/run}).
 */
public class TypeScriptSdkEndToEndTest {
    @Test
    void officialSdkRunsTheChatScenario(@TempDir Path dir) throws Exception {
        Path e2e = repoRoot().resolve("e2e").resolve("ts-sdk");
        assertTrue(Files.isDirectory(e2e.resolve("node_modules").resolve("spacetimedb")),
                "run `npm ci` in " + e2e + " first (the CI script does)");
        try (Node node = Node.open(dir.resolve("data"))) {
            GatewayServer gateway = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir.resolve("data"))))
                    .withDatabaseService(node).build();
            DisposableServer server = gateway.bind("127.0.0.1", 0);
            try {
                byte[] chat = Files.readAllBytes(repoRoot().resolve("modules/dist/quickstart-chat.wasm"));
                PublishOutcome published = node.create(Optional.of("quickstart-chat"),
                        Identity.fromHex("c200" + "5e".repeat(30)), chat).get(60, TimeUnit.SECONDS);
                assertTrue(published instanceof PublishOutcome.Success, published.toString());
                var env = new ProcessBuilder("node", "chat-e2e.mjs").directory(e2e.toFile()).redirectErrorStream(true);
                env.environment().put("PORT", Integer.toString(server.port()));
                env.environment().put("DB", "quickstart-chat");
                Process run = env.start();
                run.getOutputStream().close();
                String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(run.waitFor(60, TimeUnit.SECONDS), "node did not finish");
                System.out.println(output);
                assertEquals(0, run.exitValue(), "the TypeScript scenario failed:\n" + output);
                assertTrue(output.contains("E2E OK"), output);
            } finally {
                server.disposeNow();
            }
        }
    }

    /**
     * {@code e2e/ts-sdk/migration-e2e.mjs}: the SDK stays connected and keeps its subscription across a compatible
     * update of the notes module (v1 → v2) and is disconnected by a client-breaking one (v2 → v3), both published
     * by the script as {@code spacetime publish} does (pre_publish, then the plan's token).
     */
    @Test
    void officialSdkStaysConnectedAcrossACompatibleUpdateOnly(@TempDir Path dir) throws Exception {
        Path e2e = repoRoot().resolve("e2e").resolve("ts-sdk");
        assertTrue(Files.isDirectory(e2e.resolve("node_modules").resolve("spacetimedb")),
                "run `npm ci` in " + e2e + " first (the CI script does)");
        try (Node node = Node.open(dir.resolve("data"))) {
            TokenService tokens = TokenService.local(SigningKeys.loadOrCreate(dir.resolve("data")));
            DisposableServer server = GatewayServer.builder(tokens).withDatabaseService(node).build()
                    .bind("127.0.0.1", 0);
            try {
                var owner = tokens.mintIdentity();
                Path dist = repoRoot().resolve("modules/dist");
                PublishOutcome published = node.create(Optional.of("notes"), owner.identity(),
                        Files.readAllBytes(dist.resolve("migrate-v1.wasm"))).get(60, TimeUnit.SECONDS);
                assertTrue(published instanceof PublishOutcome.Success, published.toString());
                var env = new ProcessBuilder("node", "migration-e2e.mjs").directory(e2e.toFile())
                        .redirectErrorStream(true);
                env.environment().put("PORT", Integer.toString(server.port()));
                env.environment().put("DB", "notes");
                env.environment().put("OWNER_TOKEN", owner.token());
                env.environment().put("V2_WASM", dist.resolve("migrate-v2.wasm").toString());
                env.environment().put("V3_WASM", dist.resolve("migrate-v3.wasm").toString());
                Process run = env.start();
                run.getOutputStream().close();
                String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(run.waitFor(90, TimeUnit.SECONDS), "node did not finish");
                System.out.println(output);
                assertEquals(0, run.exitValue(), "the TypeScript scenario failed:\n" + output);
                assertTrue(output.contains("E2E OK"), output);
            } finally {
                server.disposeNow();
            }
        }
    }

    public static Path repoRoot() throws IOException {
        Path d = Paths.get("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("e2e"))) {
            d = d.getParent();
        }
        if (d == null) {
            throw new IOException("cannot find the repository root above " + Paths.get("").toAbsolutePath());
        }
        return d;
    }
}
