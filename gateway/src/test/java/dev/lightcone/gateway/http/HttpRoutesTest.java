package dev.lightcone.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.InMemoryDatabaseService;
import dev.lightcone.sats.Identity;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;

/**
 * The HTTP routes' shapes (statuses, headers, bodies, error texts) driven with Reactor Netty's client. Database
 * routes run against {@link InMemoryDatabaseService}, a test double at the {@code DatabaseService} boundary that the
 * executor-backed service replaces; these tests check the gateway's side of that boundary, not database behaviour.
 */
class HttpRoutesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    final SigningKeys keys = SigningKeys.generate();
    final TokenService tokens = TokenService.local(keys);
    final InMemoryDatabaseService service = new InMemoryDatabaseService();
    DisposableServer server;

    record Resp(int status, HttpHeaders headers, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    @BeforeEach
    void start() {
        server = GatewayServer.builder(tokens).withDatabaseService(service).build().bind("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    Resp request(HttpMethod method, String uri, String token, String contentType, byte[] body) {
        HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port()).headers(h -> {
            if (token != null) {
                h.set("Authorization", "Bearer " + token);
            }
            if (contentType != null) {
                h.set("Content-Type", contentType);
            }
        });
        return client.request(method).uri(uri).send(ByteBufFlux.fromString(Mono.just(new String(body,
                        StandardCharsets.UTF_8))))
                .responseSingle((r, buf) -> buf.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(s -> new Resp(r.status().code(), r.responseHeaders(), s)))
                .block(Duration.ofSeconds(10));
    }

    Resp get(String uri, String token) {
        return request(HttpMethod.GET, uri, token, null, new byte[0]);
    }

    Resp post(String uri, String token) {
        return request(HttpMethod.POST, uri, token, null, new byte[0]);
    }

    @Test
    void postIdentityMintsAnIdentityAndToken() throws Exception {
        Resp r = post("/v1/identity", null);
        assertEquals(200, r.status());
        assertEquals("application/json", r.headers().get("Content-Type"));
        JsonNode body = r.json();
        Caller c = tokens.validate(body.get("token").asText());
        assertEquals(c.identity().toHex(), body.get("identity").asText());
        assertTrue(body.get("identity").asText().startsWith("c200"));
        assertEquals("*", r.headers().get("Access-Control-Allow-Origin"));
    }

    @Test
    void websocketTokenNeedsAValidToken() throws Exception {
        Resp missing = post("/v1/identity/websocket-token", null);
        assertEquals(401, missing.status());
        assertEquals("Authorization required", missing.body());

        Caller c = tokens.mintIdentity();
        Resp ok = post("/v1/identity/websocket-token", c.token());
        assertEquals(200, ok.status());
        assertEquals("application/json", ok.headers().get("Content-Type"));
        String ws = ok.json().get("token").asText();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(ws.split("\\.")[1]));
        assertEquals(claims.get("iat").asLong() + 60, claims.get("exp").asLong());
        assertEquals(c.identity(), tokens.validate(ws).identity());

        Resp foreign = post("/v1/identity/websocket-token",
                TokenService.local(SigningKeys.generate()).mintIdentity().token());
        assertEquals(401, foreign.status());
        assertEquals("Authorization failed: token not signed by this instance", foreign.body());

        Resp garbage = post("/v1/identity/websocket-token", "not.a.jwt");
        assertEquals(400, garbage.status());
        assertEquals("Authorization is invalid: malformed token", garbage.body());

        Resp viaQuery = post("/v1/identity/websocket-token?token=" + c.token(), null);
        assertEquals(200, viaQuery.status());
    }

    @Test
    void publicKeyIsThePemTheTokensVerifyWith() {
        Resp r = get("/v1/identity/public-key", null);
        assertEquals(200, r.status());
        assertEquals("application/pem-certificate-chain", r.headers().get("Content-Type"));
        assertEquals(keys.publicKeyPem(), r.body());
    }

    @Test
    void verifyComparesTheTokenWithThePath() {
        Caller c = tokens.mintIdentity();
        assertEquals(204, get("/v1/identity/" + c.identity().toHex() + "/verify", c.token()).status());
        assertEquals(400, get("/v1/identity/" + tokens.mintIdentity().identity().toHex() + "/verify", c.token())
                .status());
        assertEquals(401, get("/v1/identity/" + c.identity().toHex() + "/verify", null).status());
        assertEquals(400, get("/v1/identity/nothex/verify", c.token()).status());
    }

    @Test
    void pingAndCors() {
        Resp ping = get("/v1/ping", null);
        assertEquals(200, ping.status());
        assertEquals("", ping.body());
        assertEquals(400, get("/v1/ping", "garbage").status());
        Resp pre = request(HttpMethod.OPTIONS, "/v1/database/x/call/y", null, null, new byte[0]);
        assertEquals(200, pre.status());
        assertEquals("*", pre.headers().get("Access-Control-Allow-Origin"));
        assertEquals("*", pre.headers().get("Access-Control-Allow-Methods"));
        assertEquals("authorization, accept, content-type", pre.headers().get("Access-Control-Allow-Headers"));
        assertEquals(404, get("/v1/nothing-here", null).status());
    }

    @Test
    void theRootSaysWhatThisServerIsAndWhereToGo() throws Exception {
        Resp home = get("/", null);
        assertEquals(200, home.status());
        var body = home.json();
        assertEquals("Lightcone", body.get("name").asText());
        assertTrue(body.get("version").asText().length() > 0);
        assertEquals("/v1/ping", body.get("links").get("ping").asText());
        assertEquals("/v1/database/{name}/sql", body.get("links").get("sql").asText());
    }

    @Test
    void databaseIdentityIsPlainTextAnd404WhenUnknown() {
        DatabaseInfo db = service.create("quickstart", Identity.ZERO);
        Resp r = get("/v1/database/quickstart/identity", null);
        assertEquals(200, r.status());
        assertEquals(db.databaseIdentity().toHex(), r.body());
        assertTrue(r.headers().get("Content-Type").startsWith("text/plain"));
        assertEquals(200, get("/v1/database/" + db.databaseIdentity().toHex() + "/identity", null).status());
        Resp missing = get("/v1/database/nope/identity", null);
        assertEquals(404, missing.status());
        assertEquals("No such database.", missing.body());
    }

    @Test
    void publishAnonymouslyMintsAnIdentityAndReportsSuccess() throws Exception {
        Resp r = request(HttpMethod.PUT, "/v1/database/chat?host_type=wasm&clear=false", null, null,
                new byte[] {0, 'a', 's', 'm'});
        assertEquals(200, r.status());
        String identity = r.headers().get("spacetime-identity");
        String token = r.headers().get("spacetime-identity-token");
        assertNotNull(identity);
        assertEquals(identity, tokens.validate(token).identity().toHex());
        JsonNode ok = r.json().get("Success");
        assertEquals("chat", ok.get("domain").asText());
        assertEquals("created", ok.get("op").asText());
        assertEquals(service.names.get("chat").toHex(), ok.get("database_identity").asText());

        Resp again = request(HttpMethod.PUT, "/v1/database/chat", token, null, new byte[] {1});
        assertEquals("updated", again.json().get("Success").get("op").asText());

        Resp other = request(HttpMethod.PUT, "/v1/database/chat", null, null, new byte[] {1});
        assertEquals(401, other.status());
        assertEquals("chat", other.json().get("PermissionDenied").get("name").asText());

        Resp unnamed = request(HttpMethod.POST, "/v1/database", token, null, new byte[] {1});
        assertTrue(unnamed.json().get("Success").get("domain").isNull());

        assertEquals(400, request(HttpMethod.POST, "/v1/database?host_type=cobol", token, null, new byte[] {1})
                .status());
        Resp empty = request(HttpMethod.POST, "/v1/database", token, null, new byte[0]);
        assertEquals(400, empty.status());
        assertEquals("empty module", empty.body());

        Resp owned = get("/v1/identity/" + identity + "/databases", null);
        assertEquals(2, owned.json().get("identities").size());
    }

    @Test
    void prePublishInfoNamesAndDelete() throws Exception {
        Caller owner = tokens.mintIdentity();
        DatabaseInfo db = service.create("quickstart", owner.identity());
        assertEquals(404, request(HttpMethod.POST, "/v1/database/new/pre_publish", owner.token(), null,
                new byte[] {1}).status());
        Resp plan = request(HttpMethod.POST, "/v1/database/quickstart/pre_publish?pretty_print_style=NoColor",
                owner.token(), null, new byte[] {1});
        assertEquals("abcd", plan.json().get("AutoMigrate").get("token").asText());
        JsonNode info = get("/v1/database/quickstart", null).json();
        assertEquals(db.databaseIdentity().toHex(), info.get("database_identity").asText());
        assertEquals(owner.identity().toHex(), info.get("owner_identity").asText());
        assertEquals("{\"Wasm\":[]}", info.get("host_type").toString());
        assertEquals("[\"quickstart\"]", get("/v1/database/quickstart/names", null).json().get("names").toString());

        Resp notOwner = request(HttpMethod.DELETE, "/v1/database/quickstart", tokens.mintIdentity().token(), null,
                new byte[0]);
        assertEquals(403, notOwner.status());
        assertEquals("only the owner may delete", notOwner.body());
        assertEquals(401, request(HttpMethod.DELETE, "/v1/database/quickstart", null, null, new byte[0]).status());
        assertEquals(200, request(HttpMethod.DELETE, "/v1/database/quickstart", owner.token(), null, new byte[0])
                .status());
        assertEquals(404, get("/v1/database/quickstart", null).status());
    }

    Resp call(String function, String contentType, String body) {
        return request(HttpMethod.POST, "/v1/database/quickstart/call/" + function, null, contentType,
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void callMapsEveryOutcomeToItsStatus() throws Exception {
        service.create("quickstart", Identity.ZERO);
        Resp ok = call("add", "application/json", "[\"Alice\"]");
        assertEquals(200, ok.status());
        assertEquals("", ok.body());
        assertEquals("0", ok.headers().get("spacetime-energy-used"));
        assertEquals("42", ok.headers().get("spacetime-execution-duration-micros"));
        assertNotNull(ok.headers().get("spacetime-identity"));
        assertEquals("[\"Alice\"]", new String(service.rows.get(0), StandardCharsets.UTF_8));

        Resp noType = call("add", null, "[\"Alice\"]");
        assertEquals(415, noType.status());
        assertEquals(415, call("add", "text/plain", "[]").status());
        assertEquals(200, call("add", "application/json; charset=utf-8", "{\"name\":\"Bob\"}").status());
        assertEquals(400, call("add", "application/json", "[oops").status());
        assertEquals(400, call("add", "application/json", "").status());

        Resp failed = call("fail", "application/json", "[]");
        assertEquals(530, failed.status());
        assertEquals("it failed", failed.body());
        Resp broke = call("broke", "application/json", "[]");
        assertEquals(402, broke.status());
        assertEquals("Module energy budget exhausted.", broke.body());
        Resp missing = call("nope", "application/json", "[]");
        assertEquals(404, missing.status());
        assertTrue(missing.body().startsWith("no such reducer"));
        Resp bad = call("bad_args", "application/json", "[]");
        assertEquals(400, bad.status());
        assertTrue(bad.body().startsWith("invalid arguments for reducer"));
        Resp proc = call("proc", "application/json", "[1,2]");
        assertEquals(200, proc.status());
        assertEquals("[1,2]", proc.body());
        assertEquals("application/json", proc.headers().get("Content-Type"));

        Resp noDb = request(HttpMethod.POST, "/v1/database/nope/call/add", null, "application/json",
                "[]".getBytes(StandardCharsets.UTF_8));
        assertEquals(404, noDb.status());
        assertEquals("No such database.", noDb.body());
    }

    @Test
    void sqlReturnsOneResultPerStatement() throws Exception {
        service.create("quickstart", Identity.ZERO);
        Resp r = request(HttpMethod.POST, "/v1/database/quickstart/sql", null, null,
                "SELECT * FROM person".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status());
        assertEquals("application/json", r.headers().get("Content-Type"));
        assertEquals("12", r.headers().get("spacetime-execution-duration-micros"));
        JsonNode first = r.json().get(0);
        assertEquals("[[1,\"Alice\"]]", first.get("rows").toString());
        assertEquals(12, first.get("total_duration_micros").asLong());
        assertEquals(0, first.get("stats").get("rows_inserted").asLong());
        Resp bad = request(HttpMethod.POST, "/v1/database/quickstart/sql", null, null,
                "DROP".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bad.status());
        assertEquals("syntax error: DROP", bad.body());
    }

    @Test
    void schemaNeedsAVersion() throws Exception {
        service.create("quickstart", Identity.ZERO);
        assertEquals(400, get("/v1/database/quickstart/schema", null).status());
        assertEquals(400, get("/v1/database/quickstart/schema?version=8", null).status());
        Resp r = get("/v1/database/quickstart/schema?version=10", null);
        assertEquals(200, r.status());
        assertEquals(10, r.json().get("version").asInt());
        assertNotNull(r.headers().get("spacetime-identity-token"));
        assertEquals(9, get("/v1/database/quickstart/schema?version=9", null).json().get("version").asInt());
    }

    @Test
    void logsAreNdjsonForTheOwner() throws Exception {
        Caller owner = tokens.mintIdentity();
        service.create("quickstart", owner.identity());
        Resp r = get("/v1/database/quickstart/logs?num_lines=10", owner.token());
        assertEquals(200, r.status());
        assertEquals("application/x-ndjson", r.headers().get("Content-Type"));
        assertEquals("no-cache", r.headers().get("Cache-Control"));
        String[] lines = r.body().split("\n");
        assertEquals(2, lines.length);
        assertEquals("{\"level\":\"Info\",\"ts\":1732560000123456,\"target\":\"quickstart\",\"filename\":\"src/lib.rs\","
                + "\"line_number\":12,\"function\":\"add\",\"message\":\"hello\"}", lines[0]);
        assertEquals("{\"level\":\"Warn\",\"ts\":1732560000200000,\"target\":\"__spacetimedb__\","
                + "\"filename\":\"__spacetimedb__\",\"function\":\"__spacetimedb__\",\"message\":\"system line\"}",
                lines[1]);
        assertEquals(1, get("/v1/database/quickstart/logs?num_lines=1", owner.token()).body().split("\n").length);
        assertEquals(401, get("/v1/database/quickstart/logs", null).status());
        Resp other = get("/v1/database/quickstart/logs", tokens.mintIdentity().token());
        assertEquals(403, other.status());
        assertFalse(other.body().isEmpty());
        assertEquals(400, get("/v1/database/quickstart/logs?num_lines=-1", owner.token()).status());
    }
}
