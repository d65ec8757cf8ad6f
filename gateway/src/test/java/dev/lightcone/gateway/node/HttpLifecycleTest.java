package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /sql} and {@code POST /call} run inside a client connection (client-protocol §3.4, §3.5): a fresh
 * connection id per request, {@code client_connected} before and {@code client_disconnected} after,
 * {@code st_client} lists the caller while its query runs, and a rejecting {@code client_connected} refuses the
 * request with 403 and the module's text — for anonymous callers too.
 */
class HttpLifecycleTest {

    @Test
    void everySqlRequestAndCallIsAConnection(@TempDir Path dir) throws Exception {
        try (ServedNode s = ServedNode.open(dir)) {
            ServedNode.Minted owner = s.mint();
            ServedNode.Minted other = s.mint();
            assertEquals(200, s.publish("life", "feature-lifecycle.wasm", owner).statusCode());

            // While the query runs, st_client holds exactly the caller's own connection.
            JsonNode first = rows(s.sql("life", "SELECT * FROM st_client", owner));
            assertEquals(1, first.size(), first.toString());
            assertEquals(owner.u256(), first.get(0).get(0).get(0).asText());
            JsonNode firstConnection = first.get(0).get(1);
            JsonNode second = rows(s.sql("life", "SELECT * FROM st_client", owner));
            assertEquals(1, second.size(), "the first request's connection ended before it was answered");
            assertNotEquals(firstConnection, second.get(0).get(1), "each request gets a fresh connection id");

            // Each request connected, then disconnected, with its own connection id.
            JsonNode events = rows(s.sql("life", "SELECT identity, connection, connected FROM lifecycle_event", owner));
            assertEquals(5, events.size(), events.toString()); // two full requests and the connect of this one
            assertEquals("[[\"" + owner.u256() + "\"],[0," + firstConnection + "],true]", events.get(0).toString());
            assertEquals("[[\"" + owner.u256() + "\"],[0," + firstConnection + "],false]", events.get(1).toString());

            // Anonymous requests get a minted identity and the same lifecycle.
            HttpResponse<String> anonymous = s.send(s.request("/v1/database/life/sql")
                    .POST(HttpRequest.BodyPublishers.ofString("SELECT * FROM banned")));
            assertEquals(200, anonymous.statusCode(), anonymous.body());
            String minted = anonymous.headers().firstValue("spacetime-identity").orElseThrow();
            String anonymousU256 = new ServedNode.Minted(minted, "").u256();
            JsonNode afterAnonymous = rows(s.sql("life", "SELECT identity, connected FROM lifecycle_event", owner));
            assertTrue(afterAnonymous.toString().contains("[[\"" + anonymousU256 + "\"],true],[[\"" + anonymousU256
                    + "\"],false]"), afterAnonymous.toString());

            // A client_connected that rejects refuses the query and the call; the request does not run.
            assertEquals(200, s.call("life", "ban", "[[\"" + other.u256() + "\"]]", owner).statusCode());
            HttpResponse<String> refusedSql = s.sql("life", "SELECT * FROM banned", other);
            assertEquals(403, refusedSql.statusCode());
            assertEquals("banned callers may not connect", refusedSql.body());
            HttpResponse<String> refusedCall = s.call("life", "ban", "[[\"0x1\"]]", other);
            assertEquals(403, refusedCall.statusCode());
            assertEquals("banned callers may not connect", refusedCall.body());
            JsonNode banned = rows(s.sql("life", "SELECT * FROM banned", owner));
            assertEquals(1, banned.size(), "the refused call did not run: " + banned);
            HttpResponse<String> refusedDml = s.send(s.request("/v1/database/life/sql")
                    .header("Authorization", "Bearer " + other.token())
                    .POST(HttpRequest.BodyPublishers.ofString("DELETE FROM banned")));
            assertEquals(403, refusedDml.statusCode());
        }
    }

    private static JsonNode rows(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return ServedNode.JSON.readTree(response.body()).get(0).get("rows");
    }
}
