package dev.lightcone.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/**
 * Idle, slow and too many connections against the real HTTP server (issue 15, item 3): each is closed or refused
 * clearly, and {@code /v1/ping} keeps answering. Sockets are plain TCP, so the clients do exactly what an attacker
 * would (nothing, or one header line at a time). No timing is asserted: only that the server ends the connection.
 */
class ConnectionLimitsTest {
    @TempDir
    Path dir;

    private DisposableServer serve(ConnectionLimits limits) {
        return GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir))).withConnectionLimits(limits)
                .build().bind("127.0.0.1", 0);
    }

    @Test
    void idleConnectionsAreClosedWhilePingKeepsAnswering() throws Exception {
        DisposableServer server = serve(new ConnectionLimits(100, Duration.ofMillis(500), Duration.ofSeconds(5)));
        try {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                idle.add(connect(server));
            }
            assertTrue(ping(server).startsWith("HTTP/1.1 200"));
            for (Socket s : idle) {
                assertClosedByServer(s);
            }
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void aSlowlorisSenderIsClosedAlthoughItKeepsSendingHeaderBytes() throws Exception {
        DisposableServer server = serve(new ConnectionLimits(100, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        try (Socket s = connect(server)) {
            OutputStream out = s.getOutputStream();
            out.write("GET /v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread trickle = new Thread(() -> {
                try {
                    // One header line every 100 ms, for up to 60 s: far more than the 1 s the headers may take.
                    for (int i = 0; i < 600; i++) {
                        out.write(("X-Slow-" + i + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection: what the test waits for
                }
            });
            trickle.start();
            String answer = readAll(s);
            assertEquals("", answer, "closed without an answer");
            trickle.interrupt();
            trickle.join();
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsResponse() throws Exception {
        DisposableServer server = serve(new ConnectionLimits(100, Duration.ofMillis(500), Duration.ofSeconds(5)));
        try (Socket s = connect(server)) {
            s.getOutputStream().write("GET /v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(s);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void theConnectionPastTheCapIsRefusedWith503AndServedOnceOneCloses() throws Exception {
        DisposableServer server = serve(new ConnectionLimits(3, Duration.ofSeconds(60), Duration.ofSeconds(5)));
        try {
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(connect(server));
            }
            // The three are accepted before the fourth comes (each answers a ping; keep-alive keeps them open).
            for (Socket s : held) {
                s.getOutputStream().write("GET /v1/ping HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(readHead(s).startsWith("HTTP/1.1 200"));
            }
            String refused = ping(server);
            assertTrue(refused.startsWith("HTTP/1.1 503"), refused);
            assertTrue(refused.contains("too many connections: this server holds at most 3 at once"), refused);

            held.remove(0).close();
            String answer = "";
            for (int attempt = 0; attempt < 200 && !answer.startsWith("HTTP/1.1 200"); attempt++) {
                answer = ping(server); // the closed one is counted off as soon as the server sees it go
            }
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            for (Socket s : held) {
                s.close();
            }
        } finally {
            server.disposeNow();
        }
    }

    private static Socket connect(DisposableServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(30_000);
        return s;
    }

    /** One {@code GET /v1/ping} with {@code Connection: close}: the whole answer. */
    private static String ping(DisposableServer server) throws IOException {
        try (Socket s = connect(server)) {
            s.getOutputStream().write("GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return readAll(s);
        }
    }

    /** Everything the server sends until it closes the connection (a reset counts as a close). */
    private static String readAll(Socket s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                b.write(buf, 0, n);
            }
        } catch (SocketException e) {
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                throw e;
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String readHead(Socket s) throws IOException {
        StringBuilder sb = new StringBuilder();
        InputStream in = s.getInputStream();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed: " + sb);
            }
            sb.append((char) c);
        }
        // the body of /v1/ping is empty or announced by Content-Length; read it so the connection stays in step
        String head = sb.toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        if (m.find()) {
            in.readNBytes(Integer.parseInt(m.group(1)));
        }
        return head;
    }

    private static void assertClosedByServer(Socket s) throws IOException {
        assertEquals("", readAll(s), "closed without an answer");
        s.close();
    }
}
