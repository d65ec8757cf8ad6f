package dev.lightcone.gateway.node;

import static dev.lightcone.gateway.node.NodeSqlTest.OWNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.DiskSpace;
import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.QueryOutcome;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.ReducerOutcome;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.gateway.ws.WebSocketOptions;
import dev.lightcone.sats.bsatn.BsatnWriter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A full disk (issue 15, item 2), through the real node and HTTP/WebSocket server. The file system's free space is
 * the one thing simulated ({@link DiskSpace} is the boundary the logs ask before they write); everything else is
 * real. Appends fail at once with a clear error (HTTP 507, WebSocket {@code InternalError} with the text), reads
 * and subscriptions go on, the other database keeps serving reads, writing resumes by itself when space returns,
 * and {@code /v1/metrics} shows the free space.
 */
class DiskFullTest {
    private static final long PLENTY = 100L << 30;

    @TempDir
    Path dir;

    @Test
    void writesAreRefusedClearlyWhileReadsGoOnAndResumeWhenSpaceReturns() throws Exception {
        AtomicLong free = new AtomicLong(PLENTY);
        DiskSpace disk = d -> free.get();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics.addRegistry(registry);
        byte[] bank = Files.readAllBytes(NodeSqlTest.dist().resolve("bank.wasm"));
        try (Node node = Node.open(dir, WebSocketOptions.DEFAULT.outboundBuffer(), disk)) {
            node.create(Optional.of("bank"), OWNER, bank).get(60, TimeUnit.SECONDS);
            node.create(Optional.of("other"), OWNER, bank).get(60, TimeUnit.SECONDS);
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).withMetrics(registry).build().bind("127.0.0.1", 0);
            Ws ws = new Ws(server.port(), "/v1/database/bank/subscribe?compression=None");
            try {
                assertEquals(200, post(server, "/v1/database/bank/call/seed", "[10]").statusCode());
                assertEquals(200, post(server, "/v1/database/other/call/seed", "[10]").statusCode());
                assertInstanceOf(ServerMessage.InitialConnection.class, ws.read());
                ws.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM accounts")));
                assertInstanceOf(ServerMessage.SubscribeApplied.class, ws.read());

                free.set(1L << 20); // the disk fills up
                HttpResponse<String> refused = post(server, "/v1/database/bank/call/transfer", "[1, 2, 5]");
                for (int attempt = 0; attempt < 100 && refused.statusCode() == 200; attempt++) {
                    // the logs ask the file system again at most every 100 ms while they had room to spare
                    ws.read(); // the delta of the call that still got in
                    Thread.sleep(20);
                    refused = post(server, "/v1/database/bank/call/transfer", "[1, 2, 5]");
                }
                assertEquals(507, refused.statusCode(), refused.body());
                assertTrue(refused.body().startsWith("disk full ("), refused.body());
                HttpResponse<String> other = post(server, "/v1/database/other/call/transfer", "[1, 2, 5]");
                for (int attempt = 0; attempt < 100 && other.statusCode() == 200; attempt++) {
                    Thread.sleep(20); // each log asks the file system for itself
                    other = post(server, "/v1/database/other/call/transfer", "[1, 2, 5]");
                }
                assertEquals(507, other.statusCode(), "the other database's log is on the same disk");

                ws.send(ClientMessage.CallReducer.of(2, "transfer",
                        new BsatnWriter().writeU32(3).writeU32(4).writeU64(1).toByteArray()));
                var wsRefused = assertInstanceOf(ServerMessage.ReducerResult.class, ws.read());
                var internal = assertInstanceOf(ReducerOutcome.InternalError.class, wsRefused.result());
                assertTrue(internal.message().startsWith("disk full ("), internal.message());

                // Reads and subscriptions go on, in both databases.
                HttpResponse<String> read = post(server, "/v1/database/bank/sql", "SELECT * FROM accounts WHERE id = 3");
                assertEquals(200, read.statusCode(), read.body());
                assertEquals(200, post(server, "/v1/database/other/sql", "SELECT * FROM accounts").statusCode());
                ws.send(new ClientMessage.OneOffQuery(3, "SELECT * FROM accounts"));
                var q = assertInstanceOf(ServerMessage.OneOffQueryResult.class, ws.read());
                assertInstanceOf(QueryOutcome.Ok.class, q.result());
                String metrics = get(server, "/v1/metrics").body();
                assertTrue(metrics.contains("lightcone_disk_free_bytes{dir=\"" + dir.toAbsolutePath() + "\"} 1048576.0"),
                        metrics.lines().filter(l -> l.contains("disk")).toList().toString());

                free.set(PLENTY); // space is freed: writing resumes without a restart
                HttpResponse<String> again = post(server, "/v1/database/bank/call/transfer", "[3, 4, 1]");
                assertEquals(200, again.statusCode(), again.body());
                assertInstanceOf(TransactionUpdate.class, ws.read(), "the subscriber hears of the call that got in after the disk had room again");
            } finally {
                ws.close();
                server.disposeNow();
            }
        } finally {
            Metrics.removeRegistry(registry);
        }
        try (Node node = Node.open(dir)) { // and everything acknowledged is there after a restart
            var db = node.lookup(new dev.lightcone.gateway.service.DatabaseRef.ByName("bank")).block();
            var rows = NodeSqlTest.sql(node, db, OWNER, "SELECT * FROM accounts WHERE id = 4").get(0).rows();
            assertEquals("[[4,1001]]", rows.toString());
        }
    }

    /**
     * A repeating schedule that comes due while the disk is full is not lost: its firing is logged once there is
     * room again, and the schedule goes on repeating.
     */
    @Test
    void aScheduleDueWhileTheDiskIsFullFiresOnceSpaceReturns() throws Exception {
        AtomicLong free = new AtomicLong(PLENTY);
        byte[] module = Files.readAllBytes(NodeSqlTest.dist().resolve("feature-schedule.wasm"));
        try (Node node = Node.open(dir, WebSocketOptions.DEFAULT.outboundBuffer(), d -> free.get())) {
            node.create(Optional.of("sched"), OWNER, module).get(60, TimeUnit.SECONDS);
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0);
            try {
                assertEquals(200, post(server, "/v1/database/sched/call/schedule_every", "[\"beat\", 20000]")
                        .statusCode());
                awaitBeats(server, 1);
                free.set(1L << 20);
                HttpResponse<String> refused = post(server, "/v1/database/sched/call/reset", "[]");
                for (int attempt = 0; attempt < 100 && refused.statusCode() == 200; attempt++) {
                    Thread.sleep(20);
                    refused = post(server, "/v1/database/sched/call/reset", "[]");
                }
                assertEquals(507, refused.statusCode(), refused.body());
                long during = beats(server);
                Thread.sleep(300); // several intervals due while nothing can be logged
                free.set(PLENTY);
                awaitBeats(server, during + 3);
            } finally {
                server.disposeNow();
            }
        }
    }

    private static long beats(DisposableServer server) throws Exception {
        String body = post(server, "/v1/database/sched/sql", "SELECT count FROM counters WHERE label = 'beat'").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"rows\":\\[\\[(\\d+)\\]").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static void awaitBeats(DisposableServer server, long atLeast) throws Exception {
        for (int attempt = 0; attempt < 600; attempt++) {
            if (beats(server) >= atLeast) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the schedule stopped at " + beats(server) + " beats, expected " + atLeast);
    }

    private static HttpResponse<String> post(DisposableServer server, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(DisposableServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A v2 WebSocket client that records every binary message. */
    private static final class Ws {
        private final BlockingQueue<byte[]> in = new LinkedBlockingQueue<>();
        private final Sinks.Many<io.netty.handler.codec.http.websocketx.WebSocketFrame> out =
                Sinks.many().unicast().onBackpressureBuffer();
        private final Disposable connection;

        Ws(int port, String path) {
            connection = reactor.netty.http.client.HttpClient.newConnection()
                    .websocket(WebsocketClientSpec.builder().protocols("v2.bsatn.spacetimedb")
                            .maxFramePayloadLength(64 << 20).build())
                    .uri("ws://127.0.0.1:" + port + path)
                    .handle((i, o) -> Mono.when(i.receiveFrames().doOnNext(f -> {
                        if (f instanceof io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame) {
                            in.add(io.netty.buffer.ByteBufUtil.getBytes(f.content()));
                        }
                    }).then(), o.sendObject(out.asFlux()).then()))
                    .subscribe();
        }

        void send(ClientMessage m) {
            out.tryEmitNext(new io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame(
                    io.netty.buffer.Unpooled.wrappedBuffer(V2Messages.encode(m))));
        }

        ServerMessage read() throws InterruptedException {
            byte[] b = in.poll(60, TimeUnit.SECONDS);
            if (b == null) {
                throw new AssertionError("no message within 60 s");
            }
            return V2Messages.decodeServerMessage(CompressionEnvelope.open(b));
        }

        void close() {
            out.tryEmitComplete();
            connection.dispose();
        }
    }
}
