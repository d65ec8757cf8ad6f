package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.sats.Identity;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;

/** {@code GET /v1/metrics} exposes transaction latency, log lag and sessions in the Prometheus format. */
class MetricsRouteTest {
    @Test
    void metricsShowTransactionsAndLogLag(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics.addRegistry(registry);
        try (Node node = Node.open(dir)) {
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).withMetrics(registry).build().bind("127.0.0.1", 0);
            try {
                node.create(Optional.of("bank"), Identity.fromHex("c200" + "31".repeat(30)),
                        Files.readAllBytes(NodeSqlTest.dist().resolve("bank.wasm"))).get(60, TimeUnit.SECONDS);
                HttpClient http = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port());
                int status = http.headers(h -> h.set("Content-Type", "application/json"))
                        .post().uri("/v1/database/bank/call/seed").send(ByteBufFlux.fromString(Mono.just("[3]")))
                        .response().block().status().code();
                assertEquals(200, status);
                String text = http.get().uri("/v1/metrics").responseContent().aggregate().asString().block();
                assertTrue(text.contains("lightcone_transaction_duration_seconds_count{database="), text);
                assertTrue(text.contains("outcome=\"committed\""), text);
                assertTrue(text.contains("lightcone_log_lag{"), text);
                assertTrue(text.contains("lightcone_sessions{"), text);
                assertTrue(text.contains("lightcone_log_syncs_total{"), text);
            } finally {
                server.disposeNow();
            }
        } finally {
            Metrics.removeRegistry(registry);
        }
    }
}
