package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.gateway.http.DatabaseHandlers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Module-defined HTTP routes ({@code /v1/database/{db}/route/{path…}}, module-abi §6.6) through the real gateway
 * and node, with the {@code feature-http} module: its GET and POST routes answer with the module's status,
 * headers and body; the POST's transaction is a logged record (visible over SQL, there after a restart); a wrong
 * method or an unknown path is 404 with upstream's text; a panicking handler is 500 with the module's text and
 * the server keeps serving.
 */
class ModuleHttpRoutesTest {

    @Test
    void routesAnswerWithTheModulesResponse(@TempDir Path dir) throws Exception {
        String ownerToken;
        try (ServedNode s = ServedNode.open(dir)) {
            ServedNode.Minted owner = s.mint();
            ownerToken = owner.token();
            assertEquals(200, s.publish("web", "feature-http.wasm", owner).statusCode());

            HttpResponse<String> hello = s.send(s.request("/v1/database/web/route/hello?x=1").GET());
            assertEquals(200, hello.statusCode(), hello.body());
            assertEquals("hello from http://127.0.0.1:" + s.port() + "/v1/database/web/route/hello?x=1", hello.body());
            assertEquals("text/plain; charset=utf-8", hello.headers().firstValue("content-type").orElseThrow());
            assertEquals("feature-http", hello.headers().firstValue("x-module").orElseThrow());

            HttpResponse<String> added = s.send(s.request("/v1/database/web/route/notes")
                    .POST(HttpRequest.BodyPublishers.ofString("first note")));
            assertEquals(201, added.statusCode(), added.body());
            assertEquals("application/json", added.headers().firstValue("content-type").orElseThrow());
            JsonNode note = ServedNode.JSON.readTree(added.body());
            assertEquals(1, note.get("id").asLong());
            assertEquals("first note", note.get("text").asText());
            assertEquals("0".repeat(64), note.get("by").asText(), "the caller inside a handler is the zero identity");
            assertEquals("[[1,\"first note\"]]", rows(s.sql("web", "SELECT id, text FROM notes", owner)).toString());

            // Any-method route under a nested prefix: the handler sees the method, headers and body.
            HttpResponse<String> echoed = s.send(s.request("/v1/database/web/route/v2/echo").header("x-echo", "hi")
                    .method("PUT", HttpRequest.BodyPublishers.ofString("payload")));
            assertEquals(200, echoed.statusCode(), echoed.body());
            assertEquals("Put hi payload", echoed.body());

            // Wrong method, unknown path, trailing slash (paths match exactly): 404 with upstream's text.
            for (HttpResponse<String> missing : java.util.List.of(
                    s.send(s.request("/v1/database/web/route/hello").POST(HttpRequest.BodyPublishers.noBody())),
                    s.send(s.request("/v1/database/web/route/nowhere").GET()),
                    s.send(s.request("/v1/database/web/route/hello/").GET()),
                    s.send(s.request("/v1/database/web/route").GET()))) {
                assertEquals(404, missing.statusCode(), missing.uri().toString());
                assertEquals(DatabaseHandlers.NO_SUCH_ROUTE, missing.body());
                assertEquals("Database has not registered a handler for this route", missing.body());
            }
            // A database without routes, and no database at all.
            assertEquals(200, s.publish("plain", "feature-minimal.wasm", owner).statusCode());
            HttpResponse<String> noRoutes = s.send(s.request("/v1/database/plain/route/hello").GET());
            assertEquals(404, noRoutes.statusCode());
            assertEquals(DatabaseHandlers.NO_SUCH_ROUTE, noRoutes.body());
            assertEquals(404, s.send(s.request("/v1/database/nope/route/hello").GET()).statusCode());

            // A panicking handler: 500 with the module's panic text; the server and the module keep serving.
            HttpResponse<String> exploded = s.send(s.request("/v1/database/web/route/explode").GET());
            assertEquals(500, exploded.statusCode());
            assertTrue(exploded.body().contains("the explode handler always panics"), exploded.body());
            assertEquals(200, s.send(s.request("/v1/database/web/route/hello").GET()).statusCode());
            HttpResponse<String> second = s.send(s.request("/v1/database/web/route/notes")
                    .POST(HttpRequest.BodyPublishers.ofString("second note")));
            assertEquals(201, second.statusCode(), second.body());
            assertEquals(2, ServedNode.JSON.readTree(second.body()).get("id").asLong());
        }

        // The handlers' writes were logged records: after a restart they are still there.
        try (ServedNode s = ServedNode.open(dir)) {
            ServedNode.Minted owner = new ServedNode.Minted("", ownerToken);
            assertEquals("[[1,\"first note\"],[2,\"second note\"]]",
                    rows(s.sql("web", "SELECT id, text FROM notes", owner)).toString());
            HttpResponse<String> hello = s.send(s.request("/v1/database/web/route/hello").GET());
            assertEquals(200, hello.statusCode(), hello.body());
        }
    }

    private static JsonNode rows(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return ServedNode.JSON.readTree(response.body()).get(0).get("rows");
    }
}
