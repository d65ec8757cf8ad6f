package dev.lightcone.bench.soak;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A connection flood: opens idle TCP connections until past the server's connection cap (each beyond it must be
 * answered {@code 503 too many connections} and closed), then a burst of WebSocket opens, which the full server must
 * refuse the same way; holds them for a while, then closes them all.
 */
final class ConnectionFlood implements AutoCloseable {
    /** What one flood saw. */
    record Result(int opened, int refusedTcp, int wsAttempts, int wsRefused, int wsOpened, List<String> other) {
        Result withRefusedTcp(int n) {
            return new Result(opened, n, wsAttempts, wsRefused, wsOpened, other);
        }
    }

    private final List<Socket> sockets = new ArrayList<>();
    private final Set<Socket> refused = new HashSet<>();
    private final List<WebSocket> webSockets = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Opens {@code idle} connections, then {@code wsBurst} WebSocket opens at once; returns what happened. */
    Result open(String host, int port, int idle, URI wsUri, int wsBurst) throws InterruptedException {
        List<String> other = new ArrayList<>();
        for (int i = 0; i < idle; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), 10_000);
                sockets.add(s);
            } catch (IOException e) {
                note(other, "TCP connect failed: " + e.getMessage());
                closeQuietly(s);
            }
        }
        List<CompletableFuture<WebSocket>> burst = new ArrayList<>();
        for (int i = 0; i < wsBurst; i++) {
            burst.add(client.newWebSocketBuilder().subprotocols("v2.bsatn.spacetimedb")
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(wsUri, new WebSocket.Listener() { }));
        }
        int wsRefused = 0;
        int wsOpened = 0;
        for (CompletableFuture<WebSocket> f : burst) {
            try {
                webSockets.add(f.get(30, TimeUnit.SECONDS));
                wsOpened++;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException h && h.getResponse().statusCode() == 503) {
                    wsRefused++;
                } else {
                    note(other, "WebSocket open failed: " + e.getCause());
                }
            } catch (TimeoutException e) {
                note(other, "WebSocket open unanswered for 30 s");
            }
        }
        return new Result(sockets.size(), refusedTcp(), wsBurst, wsRefused, wsOpened, other);
    }

    /**
     * How many of the idle connections the server has answered {@code 503} so far (it does so at once, but on a
     * busy machine the answer may come late: callers ask again before closing the flood).
     */
    int refusedTcp() {
        for (Socket s : sockets) {
            if (!refused.contains(s) && answered503(s)) {
                refused.add(s);
            }
        }
        return refused.size();
    }

    /** Adds {@code what} to {@code other} unless it is already there or ten are (a flood fails the same way often). */
    private static void note(List<String> other, String what) {
        if (other.size() < 10 && !other.contains(what)) {
            other.add(what);
        }
    }

    /** True when the server wrote {@code HTTP/1.1 503} on the connection (it does so before reading anything). */
    private static boolean answered503(Socket s) {
        try {
            InputStream in = s.getInputStream();
            if (in.available() <= 0) {
                return false;
            }
            s.setSoTimeout(1000);
            byte[] head = new byte[12];
            int n = in.readNBytes(head, 0, head.length);
            return new String(head, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 503");
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes every connection the flood opened. */
    @Override
    public void close() {
        sockets.forEach(ConnectionFlood::closeQuietly);
        sockets.clear();
        for (WebSocket w : webSockets) {
            w.abort();
        }
        webSockets.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a connection the server may already have closed: nothing to do
        }
    }
}
