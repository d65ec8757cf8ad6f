package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.Compression;
import dev.lightcone.gateway.protocol.FrameCodec;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.SubscriptionErrorFixtures;
import dev.lightcone.gateway.protocol.v2.V2FrameCodec;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.gateway.protocol.v3.V3FrameCodec;
import dev.lightcone.gateway.service.InMemoryDatabaseService;
import dev.lightcone.sats.Identity;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;

/**
 * The WebSocket route end to end over real upgrades: pre-upgrade refusals, subprotocol echo, InitialConnection
 * first, v2 and v3 framing, malformed frames, idle drop and session clean-up. The database side is
 * {@link InMemoryDatabaseService}, a test double at the {@code DatabaseService} boundary that the executor-backed
 * service replaces; it answers each client message with a fixed reply.
 */
class SubscribeRouteTest {
    static final String BOTH = "v3.bsatn.spacetimedb,v2.bsatn.spacetimedb";

    final TokenService tokens = TokenService.local(SigningKeys.generate());
    final InMemoryDatabaseService service = new InMemoryDatabaseService();
    final WebSocketOptions options = new WebSocketOptions(Duration.ofMillis(200), Duration.ofMillis(800), 4096, 64);
    DisposableServer server;

    @BeforeEach
    void start() {
        service.create("quickstart", Identity.ZERO);
        server = GatewayServer.builder(tokens).withDatabaseService(service).withWebSocketOptions(options).build()
                .bind("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    WsTestClient connect(String query, String protocols, String token) throws Exception {
        WsTestClient c = new WsTestClient(server.port(), "/v1/database/quickstart/subscribe" + query, protocols, token,
                true);
        c.subprotocol.get(5, TimeUnit.SECONDS);
        return c;
    }

    static List<ServerMessage> decode(FrameCodec codec, byte[] frame) {
        return codec.decodeServerFrame(frame);
    }

    record Plain(int status, String body) {
    }

    Plain upgradeAttempt(String path, String protocolHeader) {
        return HttpClient.create().headers(h -> {
            h.set("Upgrade", "websocket").set("Connection", "Upgrade").set("Sec-WebSocket-Version", "13")
                    .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
            if (protocolHeader != null) {
                h.set("Sec-WebSocket-Protocol", protocolHeader);
            }
        }).request(HttpMethod.GET).uri("http://127.0.0.1:" + server.port() + path)
                .responseSingle((r, b) -> b.asString().defaultIfEmpty("").map(s -> new Plain(r.status().code(), s)))
                .block(Duration.ofSeconds(5));
    }

    @Test
    void noSupportedSubprotocolIs400BeforeUpgrading() {
        Plain none = upgradeAttempt("/v1/database/quickstart/subscribe", null);
        assertEquals(400, none.status());
        assertEquals("no valid protocol selected", none.body());
        assertEquals(400, upgradeAttempt("/v1/database/quickstart/subscribe", "v1.json.spacetimedb").status());
        Plain unknownDb = upgradeAttempt("/v1/database/nope/subscribe", BOTH);
        assertEquals(404, unknownDb.status());
        assertEquals("No such database.", unknownDb.body());
        assertEquals(400, upgradeAttempt("/v1/database/quickstart/subscribe?connection_id=" + "0".repeat(32), BOTH)
                .status());
        assertEquals(400, upgradeAttempt("/v1/database/quickstart/subscribe?compression=zstd", BOTH).status());
        assertEquals(400, upgradeAttempt("/v1/database/quickstart/subscribe?token=garbage", BOTH).status());
        assertTrue(service.sessions.isEmpty());
    }

    /** Server frames are written as plain bytes (ServerFrames): no extension may be agreed that would change them. */
    @Test
    void anOfferedPermessageDeflateIsNotAgreedTo() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5_000);
            String request = "GET /v1/database/quickstart/subscribe HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Protocol: " + BOTH + "\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            java.io.InputStream in = s.getInputStream();
            while (head.indexOf("\r\n\r\n") < 0) {
                int c = in.read();
                assertTrue(c >= 0, "closed after " + head);
                head.append((char) c);
            }
            String h = head.toString().toLowerCase(java.util.Locale.ROOT);
            assertTrue(h.startsWith("http/1.1 101"), head.toString());
            assertFalse(h.contains("sec-websocket-extensions"), head.toString());
            // The first frame (InitialConnection) is a final binary frame without reserved bits.
            assertEquals(0x82, in.read());
        }
    }

    @Test
    void v3IsPreferredAndInitialConnectionComesFirstWithAFreshLongLivedToken() throws Exception {
        try (WsTestClient c = connect("?compression=Gzip", BOTH, null)) {
            assertEquals("v3.bsatn.spacetimedb", c.subprotocol.get());
            List<ServerMessage> first = decode(V3FrameCodec.INSTANCE, c.next());
            ServerMessage.InitialConnection hello = assertInstanceOf(ServerMessage.InitialConnection.class,
                    first.get(0));
            Caller caller = tokens.validate(hello.token());
            assertEquals(caller.identity(), hello.identity());
            assertTrue(caller.claims().get("exp").isNull(), "anonymous clients get a long-lived token");
            assertEquals(hello.identity().toHex(), c.headers.get().get("spacetime-identity"));
            assertEquals(hello.token(), c.headers.get().get("spacetime-identity-token"));
            assertFalse(hello.connectionId().isZero());
            assertEquals(Compression.GZIP, service.sessions.get(0).request.compression());
        }
    }

    @Test
    void v2OnlyClientsGetV2AndTheirTokenEchoed() throws Exception {
        Caller me = tokens.mintIdentity();
        String ws = tokens.websocketToken(me);
        try (WsTestClient c = connect("?token=" + ws + "&connection_id=" + "0a".repeat(16), "v2.bsatn.spacetimedb",
                null)) {
            assertEquals("v2.bsatn.spacetimedb", c.subprotocol.get());
            ServerMessage.InitialConnection hello = (ServerMessage.InitialConnection) decode(V2FrameCodec.INSTANCE,
                    c.next()).get(0);
            assertEquals(me.identity(), hello.identity());
            assertEquals(ws, hello.token());
            assertEquals("0a".repeat(16), hello.connectionId().toHex());

            c.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(0, QuerySetId.of(0),
                    List.of("SELECT * FROM person"))));
            assertInstanceOf(ServerMessage.SubscribeApplied.class, decode(V2FrameCodec.INSTANCE, c.next()).get(0));
            c.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(1, "add",
                    "Alice".getBytes(StandardCharsets.UTF_8))));
            ServerMessage.ReducerResult rr = (ServerMessage.ReducerResult) decode(V2FrameCodec.INSTANCE, c.next())
                    .get(0);
            assertEquals(1, rr.requestId());
        }
    }

    @Test
    void v3FramesMayCarrySeveralMessages() throws Exception {
        try (WsTestClient c = connect("?compression=None", BOTH, null)) {
            c.next();
            c.sendBinary(V3FrameCodec.INSTANCE.encodeClientFrame(List.of(
                    new ClientMessage.Subscribe(0, QuerySetId.of(0), List.of("SELECT * FROM person")),
                    ClientMessage.CallReducer.of(1, "add", new byte[] {1, 2, 3}),
                    ClientMessage.CallProcedure.of(2, "p", new byte[] {9}))));
            assertInstanceOf(ServerMessage.SubscribeApplied.class, decode(V3FrameCodec.INSTANCE, c.next()).get(0));
            assertInstanceOf(ServerMessage.ReducerResult.class, decode(V3FrameCodec.INSTANCE, c.next()).get(0));
            assertInstanceOf(ServerMessage.ProcedureResult.class, decode(V3FrameCodec.INSTANCE, c.next()).get(0));
            assertEquals(3, service.sessions.get(0).received.size());
        }
    }

    @Test
    void largeMessagesAreGzippedForGzipClients() throws Exception {
        try (WsTestClient c = connect("?compression=Gzip", BOTH, null)) {
            c.next();
            service.sessions.get(0).push(SubscriptionErrorFixtures.large(3000));
            byte[] frame = c.next();
            assertEquals(2, frame[0]);
            assertEquals(SubscriptionErrorFixtures.large(3000), decode(V3FrameCodec.INSTANCE, frame).get(0));
        }
    }

    void assertClosedWith(WsTestClient bad, int code) throws Exception {
        WebSocketCloseStatus status = bad.awaitClose(Duration.ofSeconds(5));
        assertEquals(code, status.code());
        bad.ended.get(5, TimeUnit.SECONDS);
    }

    void assertStillWorks(WsTestClient good) throws Exception {
        good.sendBinary(V2Messages.encode(ClientMessage.CallProcedure.of(7, "p", new byte[] {1})));
        assertInstanceOf(ServerMessage.ProcedureResult.class, decode(V3FrameCodec.INSTANCE, good.next()).get(0));
    }

    static byte[] badFlags() {
        byte[] b = V2Messages.encode(ClientMessage.CallReducer.of(1, "add", new byte[0]));
        b[5] = 1;
        return b;
    }

    @Test
    void malformedFramesCloseOnlyTheirOwnConnection() throws Exception {
        try (WsTestClient good = connect("", BOTH, null)) {
            good.next();
            byte[][] badFrames = {
                new byte[] {9, 0, 0, 0, 0},                                   // unknown message tag
                Arrays.copyOf(V2Messages.encode(ClientMessage.CallReducer.of(1, "add", new byte[4])), 7), // truncated
                new byte[0],                                                  // empty v3 frame
                badFlags(),                                                   // CallReducer.flags = 1
            };
            for (byte[] frame : badFrames) {
                try (WsTestClient bad = connect("", BOTH, null)) {
                    bad.next();
                    bad.sendBinary(frame);
                    assertClosedWith(bad, 1011);
                }
                assertStillWorks(good);
            }
            try (WsTestClient text = connect("", BOTH, null)) {
                text.next();
                text.sendText("{\"Subscribe\":{}}");
                assertClosedWith(text, 1011);
            }
            try (WsTestClient big = connect("", BOTH, null)) {
                big.next();
                big.sendBinary(new byte[options.maxMessageSize() + 1]);
                assertClosedWith(big, 1009);
            }
            assertStillWorks(good);
        }
        awaitAllSessionsClosed();
    }

    /** Session clean-up runs after the socket ends, so wait for it; each session is closed exactly once. */
    void awaitAllSessionsClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (service.sessions.stream().anyMatch(s -> s.closes.get() == 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        service.sessions.forEach(s -> assertEquals(1, s.closes.get(), "each session is closed exactly once"));
    }

    @Test
    void serverPingsAndDropsSilentClients() throws Exception {
        try (WsTestClient live = connect("", BOTH, null);
                WsTestClient silent = new WsTestClient(server.port(), "/v1/database/quickstart/subscribe", BOTH, null,
                        false)) {
            silent.subprotocol.get(5, TimeUnit.SECONDS);
            assertTrue(silent.pings.poll(2, TimeUnit.SECONDS), "the server pings");
            silent.ended.get(5, TimeUnit.SECONDS);
            live.next();
            assertStillWorks(live);
            assertFalse(live.ended.isDone(), "a client that answers pings stays connected");
        }
    }

    @Test
    void theDatabaseEndingASessionClosesWithGoingAway() throws Exception {
        try (WsTestClient c = connect("", BOTH, null)) {
            c.next();
            service.sessions.get(0).end();
            assertClosedWith(c, 1001);
            awaitAllSessionsClosed();
        }
    }

    @Test
    void aRejectedClientIsJustClosed() throws Exception {
        service.create(InMemoryDatabaseService.REJECTING, Identity.ZERO);
        try (WsTestClient c = new WsTestClient(server.port(), "/v1/database/rejecting/subscribe", BOTH, null, true)) {
            assertEquals("v3.bsatn.spacetimedb", c.subprotocol.get(5, TimeUnit.SECONDS));
            assertEquals(1000, c.awaitClose(Duration.ofSeconds(5)).code());
            assertTrue(c.binary.isEmpty(), "no InitialConnection for a rejected client");
        }
        assertNotEquals(0, service.databases.size());
    }
}
