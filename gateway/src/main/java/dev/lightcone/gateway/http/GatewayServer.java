package dev.lightcone.gateway.http;

import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.service.DatabaseService;
import dev.lightcone.gateway.ws.SubscribeHandler;
import dev.lightcone.gateway.ws.WebSocketOptions;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The gateway's HTTP server: every route is declared in {@link #routes(HttpServerRoutes)}; every handler is wrapped
 * so that it answers CORS and maps failures to statuses. Bind with {@link #bind(String, int)}.
 */
public final class GatewayServer {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final IdentityHandlers identity;
    private final DatabaseHandlers databases;
    private final SubscribeHandler subscribe;

    /** A server minting and checking tokens with {@code tokens} and serving databases from {@code service}. */
    public GatewayServer(TokenService tokens, DatabaseService service, WebSocketOptions options) {
        RequestAuth auth = new RequestAuth(Objects.requireNonNull(tokens, "tokens"));
        this.identity = new IdentityHandlers(auth);
        this.databases = new DatabaseHandlers(auth, Objects.requireNonNull(service, "service"));
        this.subscribe = new SubscribeHandler(auth, service, Objects.requireNonNull(options, "options"));
    }

    /** Declares every route (client-protocol §3, §4). */
    public void routes(HttpServerRoutes r) {
        r.route(req -> req.method().equals(HttpMethod.OPTIONS), Cors::preflight)
                // identity (no database)
                .post("/v1/identity", guard(identity::createIdentity))
                .post("/v1/identity/websocket-token", guard(identity::websocketToken))
                .get("/v1/identity/public-key", guard(identity::publicKey))
                .get("/v1/identity/{identity}/verify", guard(identity::verify))
                .get("/v1/identity/{identity}/databases", guard(databases::ownedDatabases))
                .get("/v1/ping", guard(identity::ping))
                // database management
                .post("/v1/database", guard(databases::publish))
                .put("/v1/database/{db}", guard(databases::publish))
                .post("/v1/database/{db}/pre_publish", guard(databases::prePublish))
                .get("/v1/database/{db}", guard(databases::info))
                .delete("/v1/database/{db}", guard(databases::delete))
                .get("/v1/database/{db}/identity", guard(databases::databaseIdentity))
                .get("/v1/database/{db}/names", guard(databases::names))
                // module access
                .get("/v1/database/{db}/schema", guard(databases::schema))
                .post("/v1/database/{db}/call/{name}", guard(databases::call))
                .post("/v1/database/{db}/sql", guard(databases::sql))
                .get("/v1/database/{db}/logs", guard(databases::logs))
                .get("/v1/database/{db}/subscribe", guard(subscribe::subscribe));
    }

    /** Binds the server with these routes on {@code host:port} (port 0 picks a free port). */
    public DisposableServer bind(String host, int port) {
        DisposableServer server = HttpServer.create().host(host).port(port).route(this::routes).bindNow();
        LOG.info("gateway listening host={} port={}", server.host(), server.port());
        return server;
    }

    /** Adds the CORS headers and turns thrown or signalled failures into statuses. */
    static BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> guard(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (req, res) -> {
            Cors.addHeaders(res);
            return Mono.defer(() -> Mono.from(handler.apply(req, res)))
                    .onErrorResume(e -> res.hasSentHeaders() ? Mono.error(e) : Mono.from(HttpReplies.failure(req, res, e)));
        };
    }

    /** CORS: any origin, any method, headers {@code authorization, accept, content-type}. */
    static final class Cors {
        private Cors() {
        }

        static void addHeaders(HttpServerResponse res) {
            res.header("Access-Control-Allow-Origin", "*")
                    .header("Access-Control-Allow-Methods", "*")
                    .header("Access-Control-Allow-Headers", "authorization, accept, content-type");
        }

        static Publisher<Void> preflight(HttpServerRequest req, HttpServerResponse res) {
            addHeaders(res);
            return HttpReplies.empty(res, HttpResponseStatus.OK);
        }
    }
}
