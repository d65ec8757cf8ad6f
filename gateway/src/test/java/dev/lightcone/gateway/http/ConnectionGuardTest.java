package dev.lightcone.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * The guard on a plain Reactor Netty server, with a handler that answers {@code /slow} later from another thread and
 * everything else at once.
 */
class ConnectionGuardTest {
    private static final String SLOW_THEN_FAST = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n";

    private static DisposableServer serve(ConnectionLimits limits) {
        ConnectionGuard guard = new ConnectionGuard(limits);
        return HttpServer.create().host("127.0.0.1").port(0)
                .doOnChannelInit((observer, channel, remote) -> guard.onChannelInit(channel))
                .handle((req, res) -> res.sendString(req.uri().equals("/slow")
                        ? Mono.delay(Duration.ofMillis(50)).thenReturn("slow") : Mono.just("fast")))
                .bindNow();
    }

    /**
     * Reactor Netty 1.3.7 buffers a request that arrives before the previous one's operations end and, once it has
     * answered it, no longer reads the connection (reactor-netty issue 4361): the next request on that keep-alive
     * connection waited until the header deadline closed it. The guard asks for the next read whenever a connection
     * starts waiting for its next request.
     */
    @Test
    void aKeepAliveConnectionIsReadAgainAfterARequestThatWaitedBehindTheOneBeforeIt() throws Exception {
        DisposableServer server = serve(new ConnectionLimits(100, Duration.ofSeconds(60), Duration.ofSeconds(5)));
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5_000);
            for (int round = 0; round < 20; round++) {
                s.getOutputStream().write(SLOW_THEN_FAST.getBytes(StandardCharsets.US_ASCII));
                assertEquals("slow", readResponseBody(s), "round " + round);
                assertEquals("fast", readResponseBody(s), "round " + round);
                s.getOutputStream().write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("fast", readResponseBody(s), "round " + round + ": the request after the pipelined pair");
            }
        } finally {
            server.disposeNow();
        }
    }

    /**
     * Once a connection is a WebSocket it has no more request headers to wait for: the guard leaves its pipeline
     * (every frame written would otherwise pass through it) and the socket outlives the header deadline.
     */
    @Test
    void anUpgradedWebSocketOutlivesTheHeaderDeadlineAndTheGuardLeavesItsPipeline() {
        ConnectionGuard guard = new ConnectionGuard(new ConnectionLimits(100, Duration.ofSeconds(60),
                Duration.ofMillis(200)));
        AtomicReference<Boolean> guardInPipeline = new AtomicReference<>();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .doOnChannelInit((observer, channel, remote) -> guard.onChannelInit(channel))
                .handle((req, res) -> res.sendWebsocket((in, out) -> out.sendString(in.receive().asString()
                        .doOnNext(text -> in.withConnection(c -> guardInPipeline.set(
                                c.channel().pipeline().names().stream().anyMatch(n -> n.startsWith("lightcone.")))))
                        .delayElements(Duration.ofMillis(600)))))
                .bindNow();
        try {
            String echoed = HttpClient.create().websocket().uri("ws://127.0.0.1:" + server.port() + "/")
                    .handle((in, out) -> out.sendString(Mono.just("after the deadline")).then()
                            .thenMany(in.receive().asString().take(1)))
                    .blockLast(Duration.ofSeconds(10));
            assertEquals("after the deadline", echoed);
            assertEquals(Boolean.FALSE, guardInPipeline.get());
        } finally {
            server.disposeNow();
        }
    }

    private static String readResponseBody(Socket s) throws IOException {
        StringBuilder head = new StringBuilder();
        InputStream in = s.getInputStream();
        while (head.indexOf("\r\n\r\n") < 0) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed by the server after " + head.length() + " bytes: " + head);
            }
            head.append((char) c);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 200"), head.toString());
        Matcher m = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        assertTrue(m.find(), head.toString());
        return new String(in.readNBytes(Integer.parseInt(m.group(1))), StandardCharsets.US_ASCII);
    }
}
