package dev.lightcone.gateway.ws;

import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.http.BadRequestException;
import dev.lightcone.gateway.http.DatabaseHandlers;
import dev.lightcone.gateway.http.HttpReplies;
import dev.lightcone.gateway.http.QueryParams;
import dev.lightcone.gateway.http.RequestAuth;
import dev.lightcone.gateway.protocol.Compression;
import dev.lightcone.gateway.protocol.FrameCodec;
import dev.lightcone.gateway.service.DatabaseService;
import dev.lightcone.gateway.service.SessionRequest;
import dev.lightcone.sats.ConnectionId;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * {@code GET /v1/database/{db}/subscribe}. Everything that can be refused with a status is checked before the
 * upgrade, in SpacetimeDB's order: credentials (401/400), query parameters (400), the connection id (400 for zero),
 * the database (404) and the subprotocol (400 {@code no valid protocol selected}; checked here rather than left to
 * Netty, which would upgrade a client that offers none and never call the handler). The 101 response echoes the
 * chosen subprotocol and carries {@code spacetime-identity} and {@code spacetime-identity-token}.
 */
public final class SubscribeHandler {
    /** The text of the 400 when no offered subprotocol is supported. */
    public static final String NO_PROTOCOL = "no valid protocol selected";

    private final RequestAuth auth;
    private final DatabaseService service;
    private final WebSocketOptions options;
    private final EventLoopOutbox.PerLoop outboxes = new EventLoopOutbox.PerLoop();

    /** A handler connecting clients to {@code service}. */
    public SubscribeHandler(RequestAuth auth, DatabaseService service, WebSocketOptions options) {
        this.auth = auth;
        this.service = service;
        this.options = options;
    }

    /** Handles one upgrade request. */
    public Publisher<Void> subscribe(HttpServerRequest req, HttpServerResponse res) {
        Caller caller = auth.orMint(req);
        QueryParams q = QueryParams.of(req.uri());
        Compression compression = q.get("compression").map(v -> Compression.fromQueryValue(v)
                .orElseThrow(() -> BadRequestException.of("unknown compression: " + v))).orElse(Compression.DEFAULT);
        boolean light = q.bool("light", false);
        boolean confirmed = q.bool("confirmed", true);
        ConnectionId connectionId = q.get("connection_id").map(SubscribeHandler::connectionId)
                .orElseGet(ConnectionId::random);
        if (connectionId.isZero()) {
            throw BadRequestException.of("Invalid connection ID: the all-zeros ConnectionId is reserved.");
        }
        Optional<FrameCodec> codec = Subprotocols.select(Subprotocols.offered(req.requestHeaders()));
        return DatabaseHandlers.resolve(service, req.param("db")).flatMap(db -> {
            if (codec.isEmpty()) {
                return Mono.from(HttpReplies.text(res, HttpResponseStatus.BAD_REQUEST, NO_PROTOCOL));
            }
            if (!"websocket".equalsIgnoreCase(req.requestHeaders().get(HttpHeaderNames.UPGRADE))) {
                return Mono.from(HttpReplies.text(res, HttpResponseStatus.BAD_REQUEST,
                        "expected a WebSocket upgrade request"));
            }
            FrameCodec c = codec.get();
            SessionRequest sr = new SessionRequest(caller, connectionId, c.subprotocol(), compression,
                    confirmed, light);
            WebsocketServerSpec spec = WebsocketServerSpec.builder().protocols(c.subprotocol())
                    .maxFramePayloadLength(options.maxMessageSize()).handlePing(false).build();
            HttpReplies.identityHeaders(res, caller);
            WebSocketConnection conn = new WebSocketConnection(service, db, sr, c, options, outboxes);
            return Mono.from(res.sendWebsocket(conn::run, spec));
        });
    }

    private static ConnectionId connectionId(String hex) {
        try {
            return ConnectionId.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw BadRequestException.of("invalid connection_id: " + hex);
        }
    }
}
