package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/**
 * Schema migrations on republish through the real server (semantics.md §11): HTTP publish and pre_publish,
 * a WebSocket client, the notes module v1 → v2 (compatible) → v3 (client-breaking), a refused update and
 * {@code clear}. The data is checked with SQL over HTTP, and again after a restart (replay applies the same plan).
 */
class RepublishMigrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static byte[] module(String name) throws Exception {
        return Files.readAllBytes(FanOutTest.modulesDistDir().resolve(name + ".wasm"));
    }

    /** A running server over a node in {@code dir}, and the owner's token. */
    private record Server(Node node, DisposableServer http, Caller owner) implements AutoCloseable {
        static Server open(Path dir) {
            Node node = Node.open(dir);
            TokenService tokens = TokenService.local(SigningKeys.loadOrCreate(dir));
            DisposableServer http = GatewayServer.builder(tokens).withDatabaseService(node).build().bind("127.0.0.1", 0);
            return new Server(node, http, tokens.mintIdentity());
        }

        String url(String path) {
            return "http://127.0.0.1:" + http.port() + path;
        }

        HttpResponse<String> send(String method, String path, byte[] body, Caller as) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            if (as != null) {
                b.header("Authorization", "Bearer " + as.token());
            }
            if (path.contains("/call/")) {
                b.header("Content-Type", "application/json");
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> publish(String module, String query) throws Exception {
            return send("PUT", "/v1/database/notes" + query, module(module), owner);
        }

        JsonNode prePublish(String module) throws Exception {
            HttpResponse<String> r = send("POST", "/v1/database/notes/pre_publish?pretty_print_style=NoColor&host_type=Wasm",
                    module(module), owner);
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body());
        }

        /** The rows of a query, each as its JSON array text. */
        List<String> sql(String query) throws Exception {
            HttpResponse<String> r = send("POST", "/v1/database/notes/sql", query.getBytes(StandardCharsets.UTF_8), owner);
            assertEquals(200, r.statusCode(), r.body());
            List<String> rows = new ArrayList<>();
            JSON.readTree(r.body()).get(0).get("rows").forEach(row -> rows.add(row.toString()));
            return rows;
        }

        void call(String reducer, String jsonArgs) throws Exception {
            HttpResponse<String> r = send("POST", "/v1/database/notes/call/" + reducer,
                    jsonArgs.getBytes(StandardCharsets.UTF_8), owner);
            assertEquals(200, r.statusCode(), r.body());
        }

        String logs() throws Exception {
            return send("GET", "/v1/database/notes/logs?num_lines=1000", new byte[0], owner).body();
        }

        WsTestClient subscribe(String sql) throws Exception {
            WsTestClient c = new WsTestClient(http.port(), "/v1/database/notes/subscribe?compression=None",
                    "v2.bsatn.spacetimedb", null, true);
            assertInstanceOf(ServerMessage.InitialConnection.class, read(c));
            c.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(0, new QuerySetId(0), List.of(sql))));
            assertInstanceOf(ServerMessage.SubscribeApplied.class, read(c));
            return c;
        }

        @Override
        public void close() {
            http.disposeNow();
            node.close();
        }
    }

    private static ServerMessage read(WsTestClient c) throws InterruptedException {
        byte[] frame = c.binary.poll(30, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no message within 30 s");
        }
        return V2Messages.decodeServerMessage(CompressionEnvelope.open(frame));
    }

    @Test
    void aCompatibleUpdateKeepsDataClientsAndSubscriptionsAndSkipsInit(@TempDir Path dir) throws Exception {
        try (Server s = Server.open(dir)) {
            assertEquals(200, s.publish("migrate-v1", "?host_type=Wasm").statusCode());
            try (WsTestClient client = s.subscribe("SELECT * FROM note")) {
                JsonNode plan = s.prePublish("migrate-v2").get("AutoMigrate");
                assertFalse(plan.get("break_clients").asBoolean());
                String text = plan.get("migrate_plan").asText();
                assertTrue(text.startsWith("━".repeat(60) + "\nDatabase Migration Plan\n"), text);
                assertTrue(text.contains("▸ Created index note_text_idx_btree on [text] of table note\n"), text);
                assertTrue(text.contains("▸ Created user table: tag (public)\n"), text);

                HttpResponse<String> updated = s.publish("migrate-v2", "?host_type=Wasm");
                assertEquals(200, updated.statusCode(), updated.body());
                assertEquals("updated", JSON.readTree(updated.body()).get("Success").get("op").asText());

                s.call("add_note", "[\"after\"]");
                TransactionUpdate u = assertInstanceOf(TransactionUpdate.class, read(client));
                assertEquals(1, u.querySets().size(), "the subscription made against v1 still streams under v2");
                s.call("add_tag", "[1, \"pinned\"]");
                assertEquals(List.of("[1,\"welcome\"]", "[2,\"after\"]"), s.sql("SELECT * FROM note"));
                assertEquals(List.of("[1,\"pinned\"]"), s.sql("SELECT * FROM tag"));
                assertFalse(client.closeStatus.isDone(), "the client stays connected");
                String logs = s.logs();
                assertTrue(logs.contains("Creating table `tag`"), logs);
                assertTrue(logs.contains("Creating index `note_text_idx_btree` on table `note`"), logs);
                assertFalse(logs.contains("Disconnecting all users"), logs);
            }
        }
    }

    @Test
    void aBreakingUpdateNeedsTheTokenThenDisconnectsEveryoneAndFillsDefaults(@TempDir Path dir) throws Exception {
        List<String> farewells;
        try (Server s = Server.open(dir)) {
            assertEquals(200, s.publish("migrate-v1", "?host_type=Wasm").statusCode());
            assertEquals(200, s.publish("migrate-v2", "?host_type=Wasm").statusCode());
            s.call("add_note", "[\"second\"]");
            try (WsTestClient client = s.subscribe("SELECT * FROM note")) {
                JsonNode plan = s.prePublish("migrate-v3").get("AutoMigrate");
                assertTrue(plan.get("break_clients").asBoolean());
                String text = plan.get("migrate_plan").asText();
                assertTrue(text.contains("▸ Created column in table note\n    + priority: U32 (default: U32(\n    3,\n))\n"),
                        text);
                assertTrue(text.endsWith("!!! Warning: All clients will be disconnected due to breaking schema changes\n"),
                        text);
                String token = plan.get("token").asText();

                HttpResponse<String> refused = s.publish("migrate-v3", "?host_type=Wasm");
                assertEquals(400, refused.statusCode());
                assertEquals("Failed to create or update the database: Migration plan contains a client-breaking "
                        + "change which is disallowed under current policy", refused.body());
                HttpResponse<String> noToken = s.publish("migrate-v3", "?host_type=Wasm&policy=BreakClients");
                assertEquals(400, noToken.statusCode());
                assertEquals("Migration policy is set to `BreakClients`, but no migration token was provided.",
                        noToken.body());
                HttpResponse<String> wrongToken = s.publish("migrate-v3",
                        "?host_type=Wasm&policy=BreakClients&token=" + "0".repeat(64));
                assertEquals(400, wrongToken.statusCode());
                assertEquals("Failed to create or update the database: Token provided is invalid or does not match "
                        + "expected hash", wrongToken.body());
                assertEquals(2, s.sql("SELECT * FROM note").size(), "the refused updates changed nothing");
                assertFalse(client.closeStatus.isDone(), "the refused updates disconnected nobody");

                HttpResponse<String> ok = s.publish("migrate-v3", "?host_type=Wasm&policy=BreakClients&token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8));
                assertEquals(200, ok.statusCode(), ok.body());
                WebSocketCloseStatus closed = client.closeStatus.get(30, TimeUnit.SECONDS);
                assertEquals(1001, closed.code(), "the client is disconnected: " + closed);
            }
            assertEquals(List.of("[1,\"welcome\",3]", "[2,\"second\",3]"), s.sql("SELECT * FROM note"));
            // HTTP requests run inside a connection of their own (client_connected before, client_disconnected
            // after), so the HTTP caller says farewell too once its SQL read is done (one row per identity).
            List<String> farewell = s.sql("SELECT * FROM farewell");
            assertEquals(2, farewell.size(), "v3's client_disconnected ran for the WebSocket client the update "
                    + "disconnected and for the HTTP caller's read just before: " + farewell);
            s.call("add_note", "[\"third\"]");
            farewells = s.sql("SELECT * FROM farewell");
            assertEquals(farewell, farewells, "the same two identities");
            assertTrue(s.logs().contains("Disconnecting all users"));
        }
        try (Server s = Server.open(dir)) {
            assertEquals(List.of("[1,\"welcome\",3]", "[2,\"second\",3]", "[3,\"third\",1]"), s.sql("SELECT * FROM note"),
                    "replaying the log applies the same plans");
            List<String> replayed = s.sql("SELECT * FROM farewell");
            assertTrue(replayed.containsAll(farewells), "the farewells survive the restart (and this server's own "
                    + "HTTP caller, a new identity, says farewell after its first read): " + replayed);
        }
    }

    @Test
    void aRefusedUpdateListsEveryReasonAndTheOldModuleKeepsServing(@TempDir Path dir) throws Exception {
        try (Server s = Server.open(dir)) {
            assertEquals(200, s.publish("migrate-v1", "?host_type=Wasm").statusCode());
            String reasons = "Errors occurred:\n"
                    + "Changing the type of column text in table note from String to U64 requires a manual migration\n\n"
                    + "Adding a column stars to table note requires a default value annotation\n\n";
            JsonNode manual = s.prePublish("migrate-refused").get("ManualMigrate");
            assertEquals(reasons, manual.get("reason").asText());

            HttpResponse<String> refused = s.publish("migrate-refused", "?host_type=Wasm");
            assertEquals(400, refused.statusCode());
            assertEquals("Database update rejected: " + reasons, refused.body());
            s.call("add_note", "[\"still v1\"]");
            assertEquals(List.of("[1,\"welcome\"]", "[2,\"still v1\"]"), s.sql("SELECT * FROM note"));
        }
    }

    @Test
    void aTableMayBeRemovedOnlyOnceItIsEmpty(@TempDir Path dir) throws Exception {
        try (Server s = Server.open(dir)) {
            assertEquals(200, s.publish("migrate-v1", "?host_type=Wasm").statusCode());
            assertEquals(200, s.publish("migrate-v2", "?host_type=Wasm").statusCode());
            s.call("add_tag", "[1, \"keep\"]");
            JsonNode plan = s.prePublish("migrate-v1").get("AutoMigrate");
            assertTrue(plan.get("break_clients").asBoolean(), "removing a table breaks clients");
            String text = plan.get("migrate_plan").asText();
            assertTrue(text.contains("▸ Removed index note_text_idx_btree on [text] of table note\n"), text);
            assertTrue(text.contains("▸ Removed table: tag\n"), text);
            String approve = "?host_type=Wasm&policy=BreakClients&token=" + plan.get("token").asText();

            HttpResponse<String> full = s.publish("migrate-v1", approve);
            assertEquals(400, full.statusCode());
            assertEquals("Failed to create or update the database: Cannot remove table `tag`: table contains data. "
                    + "Clear the table's rows (e.g. via a reducer) before removing it from your schema.", full.body());
            assertEquals(List.of("[1,\"keep\"]"), s.sql("SELECT * FROM tag"), "v2 keeps serving, with its rows");

            s.sql("DELETE FROM tag");
            assertEquals(200, s.publish("migrate-v1", approve).statusCode());
            HttpResponse<String> gone = s.send("POST", "/v1/database/notes/sql",
                    "SELECT * FROM tag".getBytes(StandardCharsets.UTF_8), s.owner());
            assertEquals(400, gone.statusCode(), gone.body());
            assertEquals(List.of("[1,\"welcome\"]"), s.sql("SELECT * FROM note"));
        }
    }

    @Test
    void addedConstraintsAndSequencesAreCheckedAgainstTheRows(@TempDir Path dir) throws Exception {
        try (Server s = Server.open(dir)) {
            assertEquals(200, s.publish("migrate-v1", "?host_type=Wasm").statusCode());
            s.call("add_note", "[\"welcome\"]");
            s.call("add_counter", "[5, 1]");
            JsonNode plan = s.prePublish("migrate-constraints").get("AutoMigrate");
            assertFalse(plan.get("break_clients").asBoolean());
            String text = plan.get("migrate_plan").asText();
            assertTrue(text.contains("▸ Created unique constraint note_text_key on [text] of table note\n"), text);
            assertTrue(text.contains("▸ Created auto-increment constraint counter_id_seq on column id of table counter\n"),
                    text);

            HttpResponse<String> inRange = s.publish("migrate-constraints", "?host_type=Wasm");
            assertEquals(400, inRange.statusCode());
            assertEquals("Failed to create or update the database: Precheck failed: added sequence counter_id_seq "
                    + "already has values in range", inRange.body());
            s.sql("DELETE FROM counter");

            HttpResponse<String> duplicates = s.publish("migrate-constraints", "?host_type=Wasm");
            assertEquals(400, duplicates.statusCode());
            assertEquals("Failed to create or update the database: Cannot add unique constraint `note_text_key` to "
                    + "table `note`: existing rows have duplicate values", duplicates.body());
            s.sql("DELETE FROM note WHERE id = 2");

            assertEquals(200, s.publish("migrate-constraints", "?host_type=Wasm").statusCode());
            s.call("add_note", "[\"fresh\"]");
            assertEquals(List.of("[1,\"welcome\"]", "[3,\"fresh\"]"), s.sql("SELECT * FROM note"),
                    "the kept sequence continues where it was");
            s.call("add_note", "[\"fresh\"]");
            assertEquals(List.of("[1,\"welcome\"]", "[3,\"fresh\"]"), s.sql("SELECT * FROM note"),
                    "the new unique constraint holds (the module's insert fails and it ignores the error)");
        }
    }

    @Test
    void clearWipesTheDataAndRunsInitAgainForTheOwnerOnly(@TempDir Path dir) throws Exception {
        try (Server s = Server.open(dir)) {
            assertEquals(200, s.publish("migrate-v1", "?host_type=Wasm").statusCode());
            s.call("add_note", "[\"doomed\"]");
            HttpResponse<String> stranger = s.send("PUT", "/v1/database/notes?host_type=Wasm&clear=true",
                    module("migrate-refused"), null);
            assertEquals(401, stranger.statusCode(), stranger.body());
            assertEquals(2, s.sql("SELECT * FROM note").size());

            HttpResponse<String> cleared = s.publish("migrate-refused", "?host_type=Wasm&clear=true");
            assertEquals(200, cleared.statusCode(), cleared.body());
            assertEquals(List.of(), s.sql("SELECT * FROM note"), "the data is gone (this module's init adds nothing)");
            assertEquals(200, s.publish("migrate-v3", "?host_type=Wasm&clear=true").statusCode());
            assertEquals(List.of("[1,\"v3 init ran\",1]"), s.sql("SELECT * FROM note"));
        }
    }
}
