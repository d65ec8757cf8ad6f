package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.service.PublishLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;

/**
 * Issue 15, items 6, 8 and 9, through the real HTTP server and node: token time claims, who may ask for a migration
 * plan, database names, modules over the size limit and refused modules. No refusal leaves anything on disk.
 */
class HostilePublishTest {
    private static final Logger LOG = LoggerFactory.getLogger(HostilePublishTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final java.util.concurrent.atomic.AtomicLong free = new java.util.concurrent.atomic.AtomicLong(1L << 40);
    private Node node;
    private SigningKeys keys;
    private DisposableServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        node = Node.open(dir, dev.lightcone.gateway.ws.WebSocketOptions.DEFAULT.outboundBuffer(), d -> free.get());
        keys = SigningKeys.loadOrCreate(dir);
        server = GatewayServer.builder(TokenService.local(keys)).withDatabaseService(node).build().bind("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.disposeNow();
        node.close();
    }

    private HttpResponse<String> send(String method, String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String mint() throws Exception {
        HttpResponse<String> r = send("POST", "/v1/identity", null, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("token").asText();
    }

    /** A token signed with the server's key, with the given time claims (seconds from now; null leaves it out). */
    private String signed(Long nbfFromNow, Object exp) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = JSON.createObjectNode().put("sub", "tester").put("iss", "localhost").put("iat", now);
        if (nbfFromNow != null) {
            claims.put("nbf", now + nbfFromNow);
        }
        if (exp instanceof Long l) {
            claims.put("exp", now + l);
        } else if (exp instanceof String s) {
            claims.put("exp", s);
        }
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(),
                new Payload(JSON.writeValueAsString(claims)));
        jws.sign(new ECDSASigner(keys.privateKey()));
        return jws.serialize();
    }

    private List<Path> databaseDirs() throws Exception {
        try (Stream<Path> dirs = Files.list(dir.resolve("databases"))) {
            return dirs.toList();
        }
    }

    private static byte[] module(String name) throws Exception {
        return Files.readAllBytes(NodeSqlTest.dist().resolve(name + ".wasm"));
    }

    @Test
    void tokensAreRefusedBeforeTheirNotBeforeTimeAndAfterTheirExpiry() throws Exception {
        HttpResponse<String> early = send("PUT", "/v1/database/early", signed(3600L, null), module("bank"));
        assertEquals(401, early.statusCode(), early.body());
        assertTrue(early.body().contains("not valid yet"), early.body());

        HttpResponse<String> expired = send("PUT", "/v1/database/late", signed(null, -3600L), module("bank"));
        assertEquals(401, expired.statusCode(), expired.body());
        assertTrue(expired.body().contains("token expired"), expired.body());

        HttpResponse<String> badExp = send("PUT", "/v1/database/odd", signed(null, "tomorrow"), module("bank"));
        assertEquals(401, badExp.statusCode(), badExp.body());
        assertTrue(badExp.body().contains("exp is not a number"), badExp.body());
        assertEquals(List.of(), databaseDirs(), "no refused token created anything");

        HttpResponse<String> inTime = send("PUT", "/v1/database/ontime", signed(-10L, 3600L), module("bank"));
        assertEquals(200, inTime.statusCode(), inTime.body());
    }

    @Test
    void onlyTheOwnerGetsAMigrationPlan() throws Exception {
        String owner = mint();
        assertEquals(200, send("PUT", "/v1/database/plans", owner, module("bank")).statusCode());

        HttpResponse<String> stranger = send("POST", "/v1/database/plans/pre_publish", mint(), module("bank"));
        assertEquals(403, stranger.statusCode(), stranger.body());
        assertTrue(stranger.body().contains("is not authorized to perform action on database"), stranger.body());
        HttpResponse<String> anonymous = send("POST", "/v1/database/plans/pre_publish", null, module("bank"));
        assertEquals(403, anonymous.statusCode(), anonymous.body());

        HttpResponse<String> mine = send("POST", "/v1/database/plans/pre_publish", owner, module("bank"));
        assertEquals(200, mine.statusCode(), mine.body());
    }

    @Test
    void databaseNamesFollowUpstreamRulesAndBadOnesCreateNothing() throws Exception {
        String token = mint();
        List<String> bad = List.of("%00%2F..", "..", "Upper", "under_score", "-lead", "trail-", "two--hyphens", "a%2Fb",
                "caf%C3%A9", "sp%20ace");
        for (String name : bad) {
            HttpResponse<String> r = send("PUT", "/v1/database/" + name, token, module("bank"));
            assertEquals(400, r.statusCode(), name + ": " + r.body());
            assertTrue(r.body().startsWith("invalid database name `"), r.body());
            assertTrue(r.body().contains("^[a-z0-9]+(-[a-z0-9]+)*$"), r.body());
            HttpResponse<String> lookup = send("GET", "/v1/database/" + name, null, null);
            assertEquals(400, lookup.statusCode(), name + ": " + lookup.body());
        }
        assertEquals(List.of(), databaseDirs(), "no refused name created anything");
        assertEquals(List.of("databases", "id_ecdsa", "id_ecdsa.pub"), topLevel(), "nothing was written outside");

        for (String name : List.of("a", "my-db-2", "0x")) {
            HttpResponse<String> r = send("PUT", "/v1/database/" + name, token, module("bank"));
            assertEquals(200, r.statusCode(), name + ": " + r.body());
        }
    }

    private List<String> topLevel() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lightcone.lock")).sorted().toList();
        }
    }

    @Test
    void aModuleOverTheLimitIsRefusedWith413AndLeavesNothing() throws Exception {
        String token = mint();
        byte[] huge = new byte[PublishLimits.MAX_MODULE_BYTES + 1];
        System.arraycopy(module("bank"), 0, huge, 0, 8);
        HttpResponse<String> created = send("PUT", "/v1/database/huge", token, huge);
        assertEquals(413, created.statusCode(), created.body());
        assertTrue(created.body().contains("the limit is " + PublishLimits.MAX_MODULE_BYTES + " bytes (15 MiB)"),
                created.body());
        assertEquals(List.of(), databaseDirs());

        assertEquals(200, send("PUT", "/v1/database/small", token, module("bank")).statusCode());
        HttpResponse<String> updated = send("PUT", "/v1/database/small", token, huge);
        assertEquals(413, updated.statusCode(), updated.body());
        assertEquals(1, databaseDirs().size());
        HttpResponse<String> sql = send("POST", "/v1/database/small/sql", token, "SELECT * FROM accounts".getBytes());
        assertEquals(200, sql.statusCode(), "the database still serves: " + sql.body());
    }

    @Test
    void aPublishThatFailsInTheWriterOrTheLogLeavesNoHalfCreatedDatabase() throws Exception {
        String token = mint();
        // A WebAssembly header and then nothing valid, at the limit: logged, then refused by the writer.
        byte[] broken = new byte[PublishLimits.MAX_MODULE_BYTES];
        System.arraycopy(module("bank"), 0, broken, 0, 8);
        HttpResponse<String> r = send("PUT", "/v1/database/broken", token, broken);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("not a valid WebAssembly module"), r.body());
        assertEquals(List.of(), databaseDirs());

        // The log refuses the record (the disk is full): 507, and the new database's directory is removed.
        free.set(1L << 20);
        HttpResponse<String> full = send("PUT", "/v1/database/full", token, module("bank"));
        assertEquals(507, full.statusCode(), full.body());
        assertEquals(List.of(), databaseDirs());
        free.set(1L << 40);
        assertEquals(200, send("PUT", "/v1/database/full", token, module("bank")).statusCode());
    }

    @Test
    void aRefusedModuleIsAnsweredAtOnceAndLeavesNothing() throws Exception {
        String token = mint();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = send("PUT", "/v1/database/notwasm" + i, token, "hello, not wasm".getBytes());
            millis.add((System.nanoTime() - t0) / 1_000_000);
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().startsWith("not a WebAssembly module: it does not start with the WebAssembly magic"),
                    r.body());
        }
        assertEquals(List.of(), databaseDirs());
        assertEquals(200, send("PUT", "/v1/database/kept", token, module("bank")).statusCode());
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = send("PUT", "/v1/database/kept", token, "hello, not wasm".getBytes());
            millis.add((System.nanoTime() - t0) / 1_000_000);
            assertEquals(400, r.statusCode(), r.body());
        }
        LOG.info("refused publishes answered in {} ms", millis);
        HttpResponse<String> sql = send("POST", "/v1/database/kept/sql", token, "SELECT * FROM accounts".getBytes());
        assertEquals(200, sql.statusCode(), "the database still serves: " + sql.body());
    }
}
