package dev.lightcone.gateway.http;

import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.service.DatabaseService;
import dev.lightcone.gateway.ws.SubscribeHandler;
import dev.lightcone.gateway.ws.WebSocketOptions;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
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
import reactor.netty.resources.LoopResources;

/**
 * The gateway's HTTP server: every route is declared in {@link #routes(HttpServerRoutes)}; every handler is wrapped
 * so that it answers CORS and maps failures to statuses. Built with {@link #builder(TokenService)}; without a
 * {@link DatabaseService} only the routes that need no database are served. Bind with {@link #bind(String, int)}.
 */
public final class GatewayServer {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** How long a stopped server's network threads wait for its last writes before they stop. */
    private static final Duration LOOPS_SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final IdentityHandlers identity;
    private final DatabaseHandlers databases;
    private final SubscribeHandler subscribe;

    private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics;
    private final ConnectionLimits limits;
    private final ConnectionGuard guard;
    private final int eventLoops;

    private GatewayServer(TokenService tokens, DatabaseService service, WebSocketOptions options,
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics, ConnectionLimits limits, int eventLoops) {
        this.metrics = metrics;
        this.limits = limits;
        this.eventLoops = eventLoops;
        this.guard = new ConnectionGuard(limits);
        if (metrics != null) {
            io.micrometer.core.instrument.Gauge.builder("lightcone.http.connections", guard,
                    ConnectionGuard::openConnections).description("open HTTP and WebSocket connections")
                    .register(metrics);
        }
        RequestAuth auth = new RequestAuth(tokens);
        this.identity = new IdentityHandlers(auth);
        this.databases = service == null ? null : new DatabaseHandlers(auth, service);
        this.subscribe = service == null ? null : new SubscribeHandler(auth, service, options);
    }

    /** Starts building a server that mints and checks tokens with {@code tokens}. */
    public static Builder builder(TokenService tokens) {
        return new Builder(Objects.requireNonNull(tokens, "tokens"));
    }

    /** Builds a {@link GatewayServer}. */
    public static final class Builder {
        private final TokenService tokens;
        private DatabaseService service;
        private WebSocketOptions options = WebSocketOptions.DEFAULT;
        private io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics;
        private ConnectionLimits limits = ConnectionLimits.DEFAULT;
        private int eventLoops = defaultEventLoops();

        private Builder(TokenService tokens) {
            this.tokens = tokens;
        }

        /** Serves the database and WebSocket routes from {@code service}. */
        public Builder withDatabaseService(DatabaseService service) {
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /** WebSocket limits and timers (default {@link WebSocketOptions#DEFAULT}). */
        public Builder withWebSocketOptions(WebSocketOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Serves {@code GET /v1/metrics} in the Prometheus text format from {@code registry}. */
        public Builder withMetrics(io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry) {
            this.metrics = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Connection cap and HTTP timeouts (default {@link ConnectionLimits#DEFAULT}). */
        public Builder withConnectionLimits(ConnectionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Network threads (default {@link #defaultEventLoops()}: one per core). Each serves its share of the
         * connections; fewer threads than Reactor Netty's own default of at least four let each wake-up serve more
         * of them, which on a small machine leaves more of it to the writer.
         */
        public Builder withEventLoops(int eventLoops) {
            if (eventLoops < 1) {
                throw new IllegalArgumentException("event loops must be at least 1, not " + eventLoops);
            }
            this.eventLoops = eventLoops;
            return this;
        }

        /** The server. */
        public GatewayServer build() {
            return new GatewayServer(tokens, service, options, metrics, limits, eventLoops);
        }
    }

    /** One network thread per core the JVM may use. */
    public static int defaultEventLoops() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Stops {@code loops} once {@code server} is disposed. */
    private static void stopWith(DisposableServer server, LoopResources loops) {
        server.onDispose().doFinally(signal -> loops.disposeLater(Duration.ZERO, LOOPS_SHUTDOWN_TIMEOUT).subscribe(
                null, e -> LOG.warn("network threads did not stop cleanly", e))).subscribe();
    }

    /** True when the database and WebSocket routes are served. */
    public boolean servesDatabases() {
        return databases != null;
    }

    /** Declares every route (client-protocol §3, §4). */
    public void routes(HttpServerRoutes r) {
        r.route(req -> req.method().equals(HttpMethod.OPTIONS), Cors::preflight)
                // identity (no database)
                .post("/v1/identity", guard(identity::createIdentity))
                .post("/v1/identity/websocket-token", guard(identity::websocketToken))
                .get("/v1/identity/public-key", guard(identity::publicKey))
                .get("/v1/identity/{identity}/verify", guard(identity::verify))
                .get("/v1/ping", guard(identity::ping))
                .get("/v1/metrics", guard(this::metrics))
                .get("/", guard(this::home));
        if (databases == null) {
            return;
        }
        r.get("/v1/identity/{identity}/databases", guard(databases::ownedDatabases))
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
                .get("/v1/database/{db}/subscribe", guard(subscribe::subscribe))
                // module-defined routes, any method
                .route(DatabaseHandlers::isModuleRoute, guard(databases::httpRoute));
    }

    /**
     * {@code GET /}: what this server is and where to go next (a person opening the address in a browser, or
     * a script checking it), instead of an empty 404.
     */
    private Publisher<Void> home(HttpServerRequest req, HttpServerResponse res) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("name", "Lightcone")
                .put("description", "A SpacetimeDB-compatible database: run SpacetimeDB 2.x modules, serve SpacetimeDB clients")
                .put("version", version());
        var links = json.putObject("links");
        links.put("ping", "/v1/ping");
        links.put("metrics", "/v1/metrics");
        if (databases != null) {
            links.put("database", "/v1/database/{name}");
            links.put("call", "/v1/database/{name}/call/{reducer}");
            links.put("sql", "/v1/database/{name}/sql");
            links.put("subscribe", "/v1/database/{name}/subscribe (WebSocket)");
        }
        return HttpReplies.json(res, io.netty.handler.codec.http.HttpResponseStatus.OK, json);
    }

    /** The version of the build, from the jar's manifest; "dev" when run from classes. */
    private static String version() {
        String v = GatewayServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** {@code GET /v1/metrics}: Prometheus text (404 when the server was built without metrics). */
    private Publisher<Void> metrics(HttpServerRequest req, HttpServerResponse res) {
        if (metrics == null) {
            return HttpReplies.text(res, io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND, "metrics are off");
        }
        res.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        return res.sendString(Mono.just(metrics.scrape())).then();
    }

    /** Binds the server with these routes on {@code host:port} (port 0 picks a free port). */
    public DisposableServer bind(String host, int port) {
        // Network threads of this server alone, stopped when it is disposed.
        LoopResources loops = LoopResources.create("lightcone-io", eventLoops, true);
        DisposableServer server;
        try {
            server = HttpServer.create().host(host).port(port)
                    .runOn(loops)
                    .readTimeout(limits.bodyReadTimeout())
                    .doOnChannelInit((observer, channel, remote) -> guard.onChannelInit(channel))
                    .route(this::routes).bindNow();
        } catch (RuntimeException e) {
            loops.dispose();
            throw e;
        }
        stopWith(server, loops);
        LOG.info("gateway listening host={} port={} eventLoops={}", server.host(), server.port(), eventLoops);
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
