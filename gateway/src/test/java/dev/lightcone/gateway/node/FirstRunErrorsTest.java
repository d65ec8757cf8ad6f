package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The errors a new user meets first, through the real gateway: what went wrong and where, in their terms. */
class FirstRunErrorsTest {

    @Test
    void uploadsThatAreNotWebAssemblyAndBrokenJsonSaySoPlainly(@TempDir Path dir) throws Exception {
        try (ServedNode s = ServedNode.open(dir)) {
            ServedNode.Minted owner = s.mint();
            HttpResponse<String> notWasm = s.publish("text", "console.log('hi')\n".getBytes(StandardCharsets.UTF_8),
                    owner);
            assertEquals(400, notWasm.statusCode());
            assertTrue(notWasm.body().startsWith("not a WebAssembly module"), notWasm.body());

            assertEquals(200, s.publish("chat", "quickstart-chat.wasm", owner).statusCode());
            HttpResponse<String> broken = s.call("chat", "send_message", "[\"hello\",\n  nope]", owner);
            assertEquals(400, broken.statusCode());
            assertTrue(broken.body().startsWith("Failed to parse the request body as JSON at line 2, column "),
                    broken.body());
            assertTrue(broken.body().contains("Unrecognized token 'nope'"), broken.body());
            assertFalse(broken.body().contains("jackson") || broken.body().contains("Source:")
                    || broken.body().contains("expected"), broken.body());
            HttpResponse<String> unterminated = s.call("chat", "send_message", "[\"hello\"", owner);
            assertEquals(400, unterminated.statusCode());
            assertTrue(unterminated.body().startsWith("Failed to parse the request body as JSON at line 1, column "),
                    unterminated.body());
        }
    }
}
