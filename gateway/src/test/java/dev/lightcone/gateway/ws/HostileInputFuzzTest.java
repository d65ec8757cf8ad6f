package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import reactor.netty.DisposableServer;

/**
 * Fuzzing through the real server (issue 15): random BSATN reducer arguments, random WebSocket frames and random
 * SQL. Each gets a clear answer (a refusal, an error message or a close with a code), the server still serves, and
 * nothing committed is lost: the bank's accounts keep their number and their total balance (transfers conserve it).
 * Tries are few, to keep the suite short; the seed is printed by jqwik on failure.
 */
class HostileInputFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/database/bank/subscribe?compression=None";
    private static final int ACCOUNTS = 100;

    private static Path dir;
    private static Node node;
    private static DisposableServer server;
    private static String owner;
    private static long total;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("lightcone-fuzz");
        node = Node.open(dir);
        server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir))).withDatabaseService(node)
                .build().bind("127.0.0.1", 0);
        owner = JSON.readTree(http("POST", "/v1/identity", null, null).body()).get("token").asText();
        assertEquals(200, http("PUT", "/v1/database/bank", owner,
                Files.readAllBytes(FanOutTest.modulesDistDir().resolve("bank.wasm"))).statusCode());
        try (WsTestClient c = client()) {
            c.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(1, "seed",
                    new BsatnWriter().writeU32(ACCOUNTS).toByteArray())));
            assertTrue(read(c) instanceof ServerMessage.ReducerResult);
        }
        total = totalBalance();
    }

    @AfterContainer
    static void stop() throws Exception {
        server.disposeNow();
        node.close();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Property(tries = 40)
    void randomReducerArgumentsGetAReducerResultAndLoseNothing(@ForAll("reducers") String reducer,
            @ForAll("bytes") byte[] args) throws Exception {
        try (WsTestClient c = client()) {
            c.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(7, reducer, args)));
            ServerMessage m = read(c);
            assertTrue(m instanceof ServerMessage.ReducerResult, () -> "a result for the call: " + m);
        }
        assertStillServingAndNothingLost();
    }

    @Property(tries = 40)
    void randomWebSocketFramesAreRefusedClearly(@ForAll("bytes") byte[] frame) throws Exception {
        try (WsTestClient c = client()) {
            c.sendBinary(frame);
            c.sendBinary(V2Messages.encode(new ClientMessage.OneOffQuery(424242, "SELECT * FROM accounts WHERE id = 7")));
            // Either the connection goes on (the bytes happened to be a message: our query is answered after it), or it
            // is closed with a protocol code and a text.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                assertTrue(System.nanoTime() < deadline, "neither an answer nor a close within 30 s");
                byte[] answer = c.binary.poll(200, TimeUnit.MILLISECONDS);
                if (answer != null) {
                    if (V2Messages.decodeServerMessage(CompressionEnvelope.open(answer))
                            instanceof ServerMessage.OneOffQueryResult) {
                        break;
                    }
                    continue;
                }
                if (c.closeStatus.isDone()) {
                    var close = c.closeStatus.get();
                    assertTrue(close.code() == 1011 || close.code() == 1008 || close.code() == 1013,
                            () -> "closed with a protocol code: " + close);
                    assertTrue(!close.reasonText().isEmpty(), "and a reason");
                    break;
                }
            }
        }
        assertStillServingAndNothingLost();
    }

    @Property(tries = 60)
    void randomSqlGetsAnAnswerNeverAServerError(@ForAll("sql") String sql) throws Exception {
        HttpResponse<String> r = http("POST", "/v1/database/bank/sql", null, sql.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.statusCode() == 200 || (r.statusCode() >= 400 && r.statusCode() < 500),
                () -> r.statusCode() + " for " + sql + ": " + r.body());
        if (r.statusCode() != 200) {
            assertTrue(!r.body().isBlank(), "a refusal says why");
        }
        assertStillServingAndNothingLost();
    }

    @Provide
    Arbitrary<String> reducers() {
        return Arbitraries.of("transfer", "no_such_reducer", "");
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(64);
    }

    @Provide
    Arbitrary<String> sql() {
        Arbitrary<String> words = Arbitraries.of("SELECT", "*", "FROM", "accounts", "WHERE", "id", "=", "7", "(", ")",
                "AND", "OR", "JOIN", "ON", "COUNT(*)", "LIMIT", "'x'", "balance", ">", "-1", ",", "accounts.id",
                "INSERT", "INTO", "VALUES", "DELETE", "UPDATE", "SET", "NULL", "\u0000", "💥", ";", "\"");
        Arbitrary<String> sentence = words.list().ofMinSize(0).ofMaxSize(12).map(l -> String.join(" ", l));
        return Arbitraries.oneOf(sentence, Arbitraries.strings().ofMaxLength(40));
    }

    /** The server answers a new client, and the accounts keep their number and total balance. */
    private static void assertStillServingAndNothingLost() throws Exception {
        assertEquals(total, totalBalance(), "the total balance is unchanged");
    }

    private static long totalBalance() throws Exception {
        HttpResponse<String> r = http("POST", "/v1/database/bank/sql", owner,
                "SELECT * FROM accounts".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode rows = JSON.readTree(r.body()).get(0).get("rows");
        assertEquals(ACCOUNTS, rows.size(), "no account lost or added");
        long sum = 0;
        for (JsonNode row : rows) {
            sum += row.get(1).asLong();
        }
        return sum;
    }

    private static WsTestClient client() throws Exception {
        WsTestClient c = new WsTestClient(server.port(), PATH, "v2.bsatn.spacetimedb", null, true);
        assertTrue(read(c) instanceof ServerMessage.InitialConnection);
        return c;
    }

    private static ServerMessage read(WsTestClient c) throws InterruptedException {
        byte[] frame = c.binary.poll(30, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no message within 30 s");
        }
        return V2Messages.decodeServerMessage(CompressionEnvelope.open(frame));
    }

    private static HttpResponse<String> http(String method, String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
