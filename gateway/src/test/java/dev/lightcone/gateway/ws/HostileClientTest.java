package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.QueryOutcome;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.ReducerOutcome;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/**
 * Hostile WebSocket clients against the real node and gateway (issue 15, item 1): whatever one connection sends,
 * it costs a bounded amount, is closed with a clear code, and every other client goes on as if nothing happened.
 */
class HostileClientTest {
    private static final String V2 = "v2.bsatn.spacetimedb";
    private static final String PATH = "/v1/database/bank/subscribe?compression=None";

    @TempDir
    Path dir;
    private Node node;
    private DisposableServer server;

    @BeforeEach
    void start() throws Exception {
        node = Node.open(dir);
        server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir))).withDatabaseService(node)
                .build().bind("127.0.0.1", 0);
        byte[] bank = Files.readAllBytes(FanOutTest.modulesDistDir().resolve("bank.wasm"));
        node.create(Optional.of("bank"), Identity.fromHex("c200" + "88".repeat(30)), bank).get(60, TimeUnit.SECONDS);
        try (WsTestClient c = client()) {
            c.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(1, "seed",
                    new BsatnWriter().writeU32(2_000).toByteArray())));
            assertCommitted(read(c));
        }
    }

    @AfterEach
    void stop() {
        server.disposeNow();
        node.close();
    }

    /**
     * The reported attack: 20,000 {@code Subscribe} messages for a 2,000-row table in one write, never reading.
     * Before the bounds, the server queued every subscription's initial rows for the client until the heap was
     * gone. Now the connection is closed with 1013 once it holds too much unanswered, and a client connected
     * alongside subscribes, calls and gets its updates throughout.
     */
    @Test
    void aClientThatFloodsSubscriptionsAndNeverReadsIsClosedAndNobodyElseNotices() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry closes =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(closes);
        try (WsTestClient victim = client(); RawWebSocket hostile = RawWebSocket.open(server.port(), PATH, V2)) {
            victim.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(1, new QuerySetId(1),
                    List.of("SELECT * FROM accounts WHERE id = 7"))));
            assertInstanceOf(ServerMessage.SubscribeApplied.class, read(victim));

            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 20_000; i++) {
                burst.write(RawWebSocket.maskedBinaryFrame(V2Messages.encode(new ClientMessage.Subscribe(i,
                        new QuerySetId(i + 10), List.of("SELECT * FROM accounts")))));
            }
            try {
                hostile.write(burst.toByteArray());
            } catch (java.net.SocketException e) {
                // The server may close the connection (1013) before the whole burst is written: what is tested.
                assertTrue(String.valueOf(e.getMessage()).contains("reset") || String.valueOf(e.getMessage())
                        .contains("Broken pipe"), e.toString());
            }

            // Everyone else is served while the hostile connection is cut off.
            for (int call = 0; call < 20; call++) {
                victim.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(100 + call, "transfer",
                        new BsatnWriter().writeU32(7).writeU32(8).writeU64(1).toByteArray())));
                assertCommitted(read(victim));
            }

            // The server closes with 1013 at once. Its close frame reaches a client that reads later only if the
            // kernel kept it: closing a socket with the client's unread burst still inbound resets the connection.
            Optional<RawWebSocket.Close> close = hostile.readUntilClose();
            close.ifPresent(c -> {
                assertEquals(1013, c.code(), "closed as holding too much: " + c.reason());
                assertTrue(c.binaryFrames() < 20_000, "answers sent before the cut: " + c.binaryFrames());
            });
            // Whether or not the close frame survived the reset, the server closed this socket with 1013.
            assertEquals(1.0, closes.counter(WebSocketConnection.CLOSES_METRIC, "code", "1013").count());
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(closes);
        }
        try (WsTestClient after = client()) {
            after.sendBinary(V2Messages.encode(new ClientMessage.OneOffQuery(2, "SELECT * FROM accounts")));
            var r = assertInstanceOf(ServerMessage.OneOffQueryResult.class, read(after));
            var rows = assertInstanceOf(QueryOutcome.Ok.class, r.result()).rows();
            assertEquals(2_000, rows.tables().get(0).rows().rowCount());
        }
    }

    /** A client that reads its answers but keeps adding query sets is refused at the limit with 1008. */
    @Test
    void aClientHoldingTooManyQuerySetsIsClosedWithPolicyViolation() throws Exception {
        try (WsTestClient greedy = client(); WsTestClient other = client()) {
            for (int batch = 0; batch < 16; batch++) {
                for (int i = batch * 256; i < (batch + 1) * 256; i++) {
                    greedy.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(i, new QuerySetId(i),
                            List.of("SELECT * FROM accounts WHERE id = " + i % 2_000))));
                }
                for (int i = 0; i < 256; i++) {
                    assertInstanceOf(ServerMessage.SubscribeApplied.class, read(greedy));
                }
            }
            greedy.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(4_096, new QuerySetId(4_096),
                    List.of("SELECT * FROM accounts WHERE id = 1"))));
            var close = greedy.awaitClose(java.time.Duration.ofSeconds(60));
            assertEquals(1008, close.code());
            assertTrue(close.reasonText().contains("at most 4096 query sets"), close.reasonText());

            other.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(1, new QuerySetId(1),
                    List.of("SELECT * FROM accounts WHERE id = 3"))));
            assertInstanceOf(ServerMessage.SubscribeApplied.class, read(other));
        }
    }

    /**
     * One request deeper than the writer thread's stack (a query nested 24,000 parentheses deep, within the length limit) is answered
     * with an error; the writer thread survives it and the database goes on applying calls.
     */
    @Test
    void aQueryTooDeepForTheWriterStackFailsAloneAndTheWriterGoesOn() throws Exception {
        try (WsTestClient c = client()) {
            String deep = "SELECT * FROM accounts WHERE " + "(".repeat(24_000) + "id = 1" + ")".repeat(24_000);
            c.sendBinary(V2Messages.encode(new ClientMessage.OneOffQuery(5, deep)));
            var r = assertInstanceOf(ServerMessage.OneOffQueryResult.class, read(c));
            var err = assertInstanceOf(QueryOutcome.Err.class, r.result());
            assertTrue(err.message().contains("nested too deeply"), err.message());

            c.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(6, new QuerySetId(6), List.of(deep))));
            var failed = assertInstanceOf(ServerMessage.SubscriptionError.class, read(c));
            assertTrue(failed.error().contains("nested too deeply"), failed.error());

            c.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(7, "transfer",
                    new BsatnWriter().writeU32(1).writeU32(2).writeU64(5).toByteArray())));
            assertCommitted(read(c));
        }
    }

    private WsTestClient client() throws Exception {
        WsTestClient c = new WsTestClient(server.port(), PATH, V2, null, true);
        assertInstanceOf(ServerMessage.InitialConnection.class, read(c));
        return c;
    }

    private static void assertCommitted(ServerMessage m) {
        var r = assertInstanceOf(ServerMessage.ReducerResult.class, m);
        assertInstanceOf(ReducerOutcome.Ok.class, r.result(), () -> "committed: " + r.result());
    }

    private static ServerMessage read(WsTestClient c) throws InterruptedException {
        byte[] frame = c.binary.poll(60, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no message within 60 s");
        }
        return V2Messages.decodeServerMessage(CompressionEnvelope.open(frame));
    }

    /**
     * A WebSocket client on a plain socket: it upgrades, writes whatever bytes it is given at once, and reads
     * nothing until asked to — the slow or malicious client that a reactive client library cannot imitate.
     */
    static final class RawWebSocket implements AutoCloseable {
        record Close(int code, String reason, int binaryFrames) {
        }

        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        private RawWebSocket(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        static RawWebSocket open(int port, String path, String protocol) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(120_000);
            RawWebSocket ws = new RawWebSocket(s);
            ws.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + protocol + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = ws.readHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("no upgrade: " + head);
            }
            return ws;
        }

        private String readHead() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (!sb.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed during the handshake: " + sb);
                }
                sb.append((char) b);
            }
            return sb.toString();
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /**
         * Reads (and discards) every frame up to the server's close frame: its code and reason; empty when the
         * server reset the connection first. Fails if the server leaves the connection open.
         */
        Optional<Close> readUntilClose() throws IOException {
            int binary = 0;
            try {
                while (true) {
                    int b0 = in.readUnsignedByte();
                    int b1 = in.readUnsignedByte();
                    long len = b1 & 0x7f;
                    if (len == 126) {
                        len = in.readUnsignedShort();
                    } else if (len == 127) {
                        len = in.readLong();
                    }
                    byte[] payload = new byte[Math.toIntExact(len)];
                    in.readFully(payload);
                    int opcode = b0 & 0x0f;
                    if (opcode == 0x8) {
                        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                        String reason = payload.length > 2
                                ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                        return Optional.of(new Close(code, reason, binary));
                    }
                    if (opcode == 0x2) {
                        binary++;
                    }
                }
            } catch (java.net.SocketException e) {
                if (String.valueOf(e.getMessage()).contains("reset")) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        /** One final binary frame with the mask a client must use (the zero mask, so the payload reads as is). */
        static byte[] maskedBinaryFrame(byte[] payload) {
            ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
            f.write(0x82);
            if (payload.length < 126) {
                f.write(0x80 | payload.length);
            } else if (payload.length <= 0xffff) {
                f.write(0x80 | 126);
                f.write(payload.length >>> 8);
                f.write(payload.length & 0xff);
            } else {
                f.write(0x80 | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    f.write((int) ((long) payload.length >>> shift) & 0xff);
                }
            }
            f.writeBytes(new byte[4]);
            f.writeBytes(payload);
            return f.toByteArray();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
