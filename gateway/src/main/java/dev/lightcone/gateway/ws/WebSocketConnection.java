package dev.lightcone.gateway.ws;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.CloseCode;
import dev.lightcone.gateway.protocol.EncodedMessage;
import dev.lightcone.gateway.protocol.FrameCodec;
import dev.lightcone.gateway.protocol.ProtocolDecodeException;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.service.Admission;
import dev.lightcone.gateway.service.ClientSession;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.DatabaseService;
import dev.lightcone.gateway.service.ServiceException;
import dev.lightcone.gateway.service.SessionRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One upgraded WebSocket: connects the client to the database, sends {@code InitialConnection} first, then the
 * session's messages in order; decodes every inbound binary frame (v3: several messages) into the session; pings on
 * a timer and drops the socket after the idle timeout; closes with 1011 on a bad frame, 1013 on overflow, the code
 * the session names when the client breaks a per-connection limit (1013, 1008) and 1001 when the database ends the
 * session. The session is closed exactly once, whatever ends the socket.
 */
final class WebSocketConnection {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
    private static final int MAX_CLOSE_REASON_BYTES = 123;
    /** Messages of one batch share a {@code v3} frame while it stays under this size. */
    static final int MAX_BATCHED_FRAME_BYTES = 1 << 20;
    /** {@code lightcone_websocket_closes_total{code}}: sockets the server closed, by close code. */
    static final String CLOSES_METRIC = "lightcone.websocket.closes";

    /** Why the server ends the socket; {@code code} null means the client already went away. */
    private record CloseRequest(CloseCode code, String reason, boolean abrupt) {
        static final CloseRequest CLIENT_GONE = new CloseRequest(null, "client closed", false);
    }

    private final DatabaseService service;
    private final DatabaseInfo db;
    private final SessionRequest request;
    private final FrameCodec codec;
    private final WebSocketOptions options;
    private final EventLoopOutbox.PerLoop outboxes;
    private final AtomicReference<CloseRequest> closeRequest = new AtomicReference<>();
    private final Sinks.One<Boolean> closeSignal = Sinks.one();
    private final AtomicLong lastInboundNanos = new AtomicLong(System.nanoTime());
    private final AtomicBoolean sessionClosed = new AtomicBoolean();

    WebSocketConnection(DatabaseService service, DatabaseInfo db, SessionRequest request, FrameCodec codec,
            WebSocketOptions options, EventLoopOutbox.PerLoop outboxes) {
        this.service = service;
        this.outboxes = outboxes;
        this.db = db;
        this.request = request;
        this.codec = codec;
        this.options = options;
    }

    Mono<Void> run(WebsocketInbound in, WebsocketOutbound out) {
        return service.connect(db, request).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(s -> {
            if (s.isEmpty()) {
                LOG.info("connection rejected by client_connected database={} identity={} connection={}",
                        db.databaseIdentity(), request.caller().identity(), request.connectionId());
                return out.sendClose(CloseCode.NORMAL.code(), "connection rejected by the database");
            }
            LOG.debug("session open database={} identity={} connection={} subprotocol={}", db.databaseIdentity(),
                    request.caller().identity(), request.connectionId(), codec.subprotocol());
            return runSession(s.get(), in, out);
        }).onErrorResume(e -> {
            if (e instanceof ServiceException refused) {
                // A refusal with a reason for the client (the disk is full: its connect could not be logged).
                LOG.info("session refused database={} connection={}: {}", db.databaseIdentity(),
                        request.connectionId(), refused.getMessage());
                return out.sendClose(CloseCode.INTERNAL_ERROR.code(), truncate(refused.getMessage()));
            }
            LOG.warn("session failed database={} connection={}", db.databaseIdentity(), request.connectionId(), e);
            return out.sendClose(CloseCode.INTERNAL_ERROR.code(), truncate("internal error"));
        });
    }

    private Mono<Void> runSession(ClientSession session, WebsocketInbound in, WebsocketOutbound out) {
        Channel channel = channelOf(out);
        EventLoopOutbox outbox = outboxes.of(channel.eventLoop());
        ServerMessage hello = new ServerMessage.InitialConnection(request.caller().identity(), request.connectionId(),
                request.caller().token());
        List<byte[][]> helloFrame = List.<byte[][]>of(new byte[][] {
                codec.encodeServerFrame(List.of(hello), request.compression())});
        // Through the outbox like every update after it, so nothing can overtake it.
        outbox.post(() -> channel.writeAndFlush(ServerFrames.of(helloFrame, channel.alloc())));
        SessionWriter writer = new SessionWriter(channel, outbox, this::frames, this::closing, this::outboundEnded);
        Disposable tooSlow = session.tooSlow()
                .subscribe(reason -> requestClose(CloseCode.TRY_AGAIN, "client too slow: " + reason, false));
        long pingNanos = options.pingInterval().toNanos();
        ScheduledFuture<?> pings = channel.eventLoop().scheduleAtFixedRate(() -> {
            if (!closing()) {
                channel.writeAndFlush(new PingWebSocketFrame());
            }
        }, pingNanos, pingNanos, TimeUnit.NANOSECONDS);
        long idleNanos = options.idleTimeout().toNanos();
        ScheduledFuture<?> idleWatch = channel.eventLoop().scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastInboundNanos.get() > idleNanos) {
                requestClose(CloseCode.GOING_AWAY, "idle timeout", true);
            }
        }, idleNanos / 4, idleNanos / 4, TimeUnit.NANOSECONDS);
        session.outbound().subscribe(writer);

        Mono<Void> receiving = in.aggregateFrames(options.maxMessageSize()).receiveFrames()
                .doOnNext(frame -> onFrame(session, frame))
                .then()
                .onErrorResume(e -> {
                    LOG.debug("inbound ended with an error connection={}: {}", request.connectionId(), e.toString());
                    return Mono.empty();
                })
                .doFinally(s -> requestClose(CloseRequest.CLIENT_GONE));

        Mono<Void> sending = closeSignal.asMono().then(Mono.defer(() -> {
            writer.dispose();
            return finish(in, out);
        }));

        return Mono.when(sending, receiving).doFinally(s -> {
            writer.dispose();
            tooSlow.dispose();
            pings.cancel(false);
            idleWatch.cancel(false);
            closeSession(session);
        });
    }

    /**
     * On the event loop, after the session's last batch was written: the session ended (the module exited, null) or
     * its stream failed (an overflow: the client was too slow).
     */
    private void outboundEnded(Throwable failure) {
        if (failure == null) {
            requestClose(CloseCode.GOING_AWAY, "module exited", false);
        } else if (Exceptions.isOverflow(failure)) {
            requestClose(CloseCode.TRY_AGAIN, "client too slow", false);
        } else {
            LOG.warn("session outbound failed connection={}", request.connectionId(), failure);
            requestClose(CloseCode.INTERNAL_ERROR, "internal error", false);
        }
    }

    private static Channel channelOf(WebsocketOutbound out) {
        Channel[] channel = new Channel[1];
        out.withConnection(c -> channel[0] = c.channel());
        return channel[0];
    }

    private Mono<Void> finish(WebsocketInbound in, WebsocketOutbound out) {
        CloseRequest c = closeRequest.get();
        if (c == null || c.code() == null) {
            return Mono.empty();
        }
        LOG.info("closing socket connection={} code={} reason={}", request.connectionId(), c.code().code(), c.reason());
        io.micrometer.core.instrument.Metrics.counter(CLOSES_METRIC, "code", Integer.toString(c.code().code()))
                .increment();
        if (c.abrupt()) {
            in.withConnection(Connection::dispose);
            return Mono.empty();
        }
        return out.sendClose(c.code().code(), truncate(c.reason())).onErrorResume(e -> Mono.empty());
    }

    private void onFrame(ClientSession session, WebSocketFrame frame) {
        lastInboundNanos.set(System.nanoTime());
        if (frame instanceof BinaryWebSocketFrame) {
            if (closing()) {
                return;
            }
            List<ClientMessage> msgs;
            try {
                msgs = codec.decodeClientFrame(ByteBufUtil.getBytes(frame.content()));
            } catch (ProtocolDecodeException e) {
                LOG.info("bad client frame connection={} error={} offset={}: {}", request.connectionId(), e.error(),
                        e.offset(), e.getMessage());
                requestClose(CloseCode.INTERNAL_ERROR, e.getMessage(), false);
                return;
            }
            for (ClientMessage m : msgs) {
                if (session.offer(m) instanceof Admission.Refused refused) {
                    LOG.info("client broke a connection limit connection={} code={}: {}", request.connectionId(),
                            refused.code().code(), refused.reason());
                    requestClose(refused.code(), refused.reason(), false);
                    return;
                }
            }
        } else if (frame instanceof TextWebSocketFrame) {
            if (!closing()) {
                requestClose(CloseCode.INTERNAL_ERROR, "text frames are not supported by " + codec.subprotocol(),
                        false);
            }
        }
    }

    private boolean closing() {
        return closeRequest.get() != null;
    }

    private void requestClose(CloseCode code, String reason, boolean abrupt) {
        requestClose(new CloseRequest(code, reason, abrupt));
    }

    /** Records the first reason to close and stops the outbound stream; later requests are ignored. */
    private void requestClose(CloseRequest request) {
        if (closeRequest.compareAndSet(null, request)) {
            closeSignal.tryEmitValue(Boolean.TRUE);
        }
    }

    private void closeSession(ClientSession session) {
        if (sessionClosed.compareAndSet(false, true)) {
            LOG.debug("session closed database={} connection={}", db.databaseIdentity(), request.connectionId());
            try {
                session.close();
            } catch (RuntimeException e) {
                LOG.error("ClientSession.close failed connection={}", request.connectionId(), e);
            }
        }
    }

    /**
     * The frames of one batch of messages, each as the pieces of its payload, written together: one frame per message
     * ({@code v2}), or as few as the subprotocol allows ({@code v3}: up to its message limit and
     * {@value #MAX_BATCHED_FRAME_BYTES} bytes per frame, a larger message alone).
     */
    private List<byte[][]> frames(List<EncodedMessage> batch) {
        int perFrame = codec.maxMessagesPerFrame();
        List<byte[][]> out = new ArrayList<>(perFrame == 1 ? batch.size() : 1);
        if (perFrame == 1) {
            for (EncodedMessage m : batch) {
                out.add(codec.frameEncoded(List.of(m), request.compression()));
            }
            return out;
        }
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            int n = batch.get(i).length();
            if (i > from && (i - from == perFrame || bytes + n > MAX_BATCHED_FRAME_BYTES)) {
                out.add(codec.frameEncoded(batch.subList(from, i), request.compression()));
                from = i;
                bytes = 0;
            }
            bytes += n;
        }
        out.add(codec.frameEncoded(batch.subList(from, batch.size()), request.compression()));
        return out;
    }

    private static String truncate(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_CLOSE_REASON_BYTES) {
            return reason;
        }
        String s = new String(b, 0, MAX_CLOSE_REASON_BYTES, StandardCharsets.UTF_8);
        // drop a replacement character left by a cut multi-byte sequence
        return s.endsWith("\uFFFD") ? s.substring(0, s.length() - 1) : s;
    }
}
