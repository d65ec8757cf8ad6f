package dev.lightcone.cli;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.FrameCodec;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.v2.V2FrameCodec;
import dev.lightcone.gateway.protocol.v3.V3FrameCodec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client WebSocket to {@code /v1/database/DB/subscribe} speaking {@code v3.bsatn.spacetimedb} or
 * {@code v2.bsatn.spacetimedb} (whichever the server selects), uncompressed. Messages are read one at a time with
 * {@link #next(long)}.
 */
final class SubscriptionSocket implements AutoCloseable {
    /** Something the socket reported: a frame's messages, the close, or a failure. */
    private sealed interface Event {
    }

    private record Frame(byte[] bytes) implements Event {
    }

    private record Closed(int code, String reason) implements Event {
    }

    private record Failed(Throwable error) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ArrayDeque<ServerMessage> ready = new ArrayDeque<>();
    private final WebSocket socket;
    private final FrameCodec codec;

    private SubscriptionSocket(ServerClient server, String database, List<String> protocols) {
        String ws = server.base().replaceFirst("^http", "ws") + "/v1/database/" + ServerClient.segment(database)
                + "/subscribe?compression=None";
        WebSocket.Builder b = server.http().newWebSocketBuilder()
                .subprotocols(protocols.get(0), protocols.subList(1, protocols.size()).toArray(String[]::new));
        server.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        try {
            socket = b.buildAsync(URI.create(ws), new Listener()).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException h) {
                Object body = h.getResponse().body();
                throw server.failure(h.getResponse().statusCode(), body instanceof String s ? s : "WebSocket upgrade refused");
            }
            throw new CliException("cannot open a WebSocket to " + ws + ": " + cause, CliException.FAILED, cause);
        } catch (TimeoutException e) {
            throw new CliException("the WebSocket to " + ws + " did not open within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        String selected = socket.getSubprotocol();
        if (V3FrameCodec.SUBPROTOCOL.equals(selected)) {
            codec = V3FrameCodec.INSTANCE;
        } else if (V2FrameCodec.SUBPROTOCOL.equals(selected) || selected == null || selected.isEmpty()) {
            codec = V2FrameCodec.INSTANCE;
        } else {
            socket.abort();
            throw new CliException("the server selected an unsupported subprotocol: " + selected);
        }
    }

    /** Opens the socket offering {@code protocols} in preference order. */
    static SubscriptionSocket open(ServerClient server, String database, List<String> protocols) {
        return new SubscriptionSocket(server, database, protocols);
    }

    /** The subprotocol in use. */
    String subprotocol() {
        return codec.subprotocol();
    }

    /** Sends one message in its own frame. */
    void send(ClientMessage message) {
        socket.sendBinary(ByteBuffer.wrap(codec.encodeClientFrame(List.of(message))), true).join();
    }

    /**
     * The next server message, waiting at most {@code timeoutMillis} (negative: forever); null on timeout.
     *
     * @throws CliException when the server closed the socket or it failed
     */
    ServerMessage next(long timeoutMillis) throws InterruptedException {
        while (ready.isEmpty()) {
            Event e = timeoutMillis < 0 ? events.take() : events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (e == null) {
                return null;
            }
            if (e instanceof Frame f) {
                try {
                    ready.addAll(codec.decodeServerFrame(f.bytes()));
                } catch (RuntimeException ex) {
                    throw new CliException("the server sent a frame that does not decode: " + ex.getMessage(),
                            CliException.FAILED, ex);
                }
            } else if (e instanceof Closed c) {
                throw new CliException("the server closed the connection (" + c.code()
                        + (c.reason().isEmpty() ? "" : ": " + c.reason()) + ")");
            } else {
                Throwable t = ((Failed) e).error();
                throw new CliException("the connection failed: " + t, CliException.FAILED, t);
            }
        }
        return ready.poll();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Closing anyway.
            }
        }
        socket.abort();
    }

    /** Collects binary messages (which may arrive in parts) and the end of the connection. */
    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                events.add(new Frame(partial.toByteArray()));
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add(new Failed(error));
        }
    }
}
