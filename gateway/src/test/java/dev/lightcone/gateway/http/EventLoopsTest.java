package dev.lightcone.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/** The server's own network threads: as many as configured, serving every connection, gone once it is disposed. */
class EventLoopsTest {
    @TempDir
    Path dir;

    @Test
    void connectionsAreServedByTheConfiguredNumberOfNetworkThreads() throws Exception {
        // Other tests' servers in this JVM may still be stopping theirs (under the same names): threads are told
        // apart as objects.
        Set<Thread> before = networkThreads();
        DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                .withEventLoops(2).build().bind("127.0.0.1", 0);
        Set<Thread> ours;
        try {
            // Each HttpClient opens its own connection; the loops take new connections in turn.
            for (int i = 0; i < 6; i++) {
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/ping")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
            }
            ours = networkThreads();
            ours.removeAll(before);
            assertEquals(2, ours.size(), "threads: " + ours);
        } finally {
            server.disposeNow();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ours.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(ours.stream().noneMatch(Thread::isAlive), "still running after the server was disposed: " + ours);
    }

    @Test
    void noNetworkThreadsIsRefused() {
        GatewayServer.Builder b = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.withEventLoops(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }

    private static Set<Thread> networkThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("lightcone-io") && t.isAlive()) {
                threads.add(t);
            }
        }
        return threads;
    }
}
