package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database's module log lasts: neither a republish (even with another module, even clearing) nor a restart empties it. */
class ModuleLogsRouteTest {

    @Test
    void logsSurviveRepublishAndRestart(@TempDir Path dir) throws Exception {
        ServedNode.Minted owner;
        try (ServedNode s = ServedNode.open(dir)) {
            owner = s.mint();
            assertEquals(200, s.publish("noisy", "feature-hostile.wasm", owner).statusCode());
            assertEquals(200, s.call("noisy", "log_levels", "[]", owner).statusCode());
            String before = logs(s, owner);
            assertTrue(before.contains("\"message\":\"warn line\""), before);

            // Another module, clearing the data: the database's log keeps its lines.
            HttpResponse<String> replaced = s.send(s.request("/v1/database/noisy?clear=true")
                    .header("Authorization", "Bearer " + owner.token())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(
                            Files.readAllBytes(NodeSqlTest.dist().resolve("feature-minimal.wasm")))));
            assertEquals(200, replaced.statusCode(), replaced.body());
            assertTrue(logs(s, owner).contains("\"message\":\"warn line\""), "republish kept the log");
        }
        try (ServedNode s = ServedNode.open(dir)) {
            String after = logs(s, owner);
            assertTrue(after.contains("\"message\":\"warn line\"") && after.contains("\"level\":\"Error\""), after);
            assertEquals(2, tail(s, owner, 2).split("\n").length, "num_lines still counts back from the newest line");
        }
    }

    private static String logs(ServedNode s, ServedNode.Minted owner) throws Exception {
        HttpResponse<String> r = s.get("/v1/database/noisy/logs", owner);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String tail(ServedNode s, ServedNode.Minted owner, int n) throws Exception {
        HttpResponse<String> r = s.get("/v1/database/noisy/logs?num_lines=" + n, owner);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
