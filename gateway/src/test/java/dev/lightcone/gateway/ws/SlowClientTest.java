package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/**
 * Issue 15, item 7: a subscriber that never reads is cut off once it falls a buffer behind; its socket is closed
 * (1013) and later transactions neither log a line for it nor do work for it, while everybody else is served.
 */
class SlowClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aCutOffClientIsClosedOnceAndLaterTransactionsLogNothingForIt() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (Node node = Node.open(dir, 8)) {
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0);
            try {
                Http http = new Http(server.port());
                String owner = JSON.readTree(http.send("POST", "/v1/identity", null, null, 200)).get("token").asText();
                http.send("PUT", "/v1/database/bank", owner,
                        Files.readAllBytes(FanOutTest.modulesDistDir().resolve("bank.wasm")), 200);
                http.send("POST", "/v1/database/bank/call/seed", owner, "[2000]".getBytes(StandardCharsets.UTF_8), 200);

                try (HostileClientTest.RawWebSocket slow = HostileClientTest.RawWebSocket.open(server.port(),
                        "/v1/database/bank/subscribe?compression=None", "v2.bsatn.spacetimedb")) {
                    slow.write(HostileClientTest.RawWebSocket.maskedBinaryFrame(V2Messages.encode(
                            new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM accounts")))));
                    System.setErr(new PrintStream(new TeeStream(err, captured), true, StandardCharsets.UTF_8));
                    // Each update rewrites 2,000 rows (~80 KB to send): the client falls 8 updates behind soon.
                    for (int i = 0; i < 300; i++) {
                        http.sql(owner, "UPDATE accounts SET balance = " + i);
                    }
                    Optional<HostileClientTest.RawWebSocket.Close> close = slow.readUntilClose();
                    close.ifPresent(c -> assertEquals(1013, c.code(), c.reason()));
                    int linesAtCut = count(captured, "code=1013");
                    assertEquals(1, linesAtCut, "the cut is logged once");
                    for (int i = 0; i < 50; i++) {
                        http.sql(owner, "UPDATE accounts SET balance = " + (1000 + i));
                    }
                    String body = http.send("POST", "/v1/database/bank/sql", owner,
                            "SELECT * FROM accounts WHERE id = 7".getBytes(StandardCharsets.UTF_8), 200);
                    assertTrue(body.contains("1049"), "later transactions are served: " + body);
                }
            } finally {
                System.setErr(err);
                server.disposeNow();
            }
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, count(captured, "dropping"), "no line per later transaction:\n" + tail(log));
        assertEquals(1, count(captured, "code=1013"), tail(log));
    }

    private static int count(ByteArrayOutputStream captured, String needle) {
        String s = captured.toString(StandardCharsets.UTF_8);
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }

    /** Writes to the console and keeps a copy. */
    private static final class TeeStream extends java.io.OutputStream {
        private final PrintStream console;
        private final ByteArrayOutputStream copy;

        TeeStream(PrintStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) {
            console.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            console.write(b, off, len);
            copy.write(b, off, len);
        }
    }

    private record Http(int port) {
        String send(String method, String path, String token, byte[] body, int expected) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (path.contains("/call/")) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, r.statusCode(), method + " " + path + ": " + r.body());
            return r.body();
        }

        void sql(String token, String sql) throws Exception {
            send("POST", "/v1/database/bank/sql", token, sql.getBytes(StandardCharsets.UTF_8), 200);
        }
    }
}
