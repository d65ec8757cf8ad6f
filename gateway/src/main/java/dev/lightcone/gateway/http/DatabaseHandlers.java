package dev.lightcone.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.service.CallOutcome;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.DatabaseName;
import dev.lightcone.gateway.service.DatabaseRef;
import dev.lightcone.gateway.service.DatabaseService;
import dev.lightcone.gateway.service.HostType;
import dev.lightcone.gateway.service.PrePublishOutcome;
import dev.lightcone.gateway.service.PublishOutcome;
import dev.lightcone.gateway.service.PublishLimits;
import dev.lightcone.gateway.service.PublishRequest;
import dev.lightcone.gateway.service.SchemaVersion;
import dev.lightcone.gateway.service.ServiceException;
import dev.lightcone.gateway.service.ServiceFailure;
import dev.lightcone.gateway.service.SqlStatementResult;
import dev.lightcone.sats.Identity;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The database routes (client-protocol §3.2–3.6): parse the request, authenticate, call the
 * {@link DatabaseService}, and render its answer with SpacetimeDB's statuses, headers and body shapes.
 */
public final class DatabaseHandlers {
    /** {@code Content-Type} of the logs stream. */
    public static final String NDJSON_TYPE = "application/x-ndjson";
    /** Header with the energy a call used (always reported; Lightcone does not meter energy). */
    public static final String ENERGY_HEADER = "spacetime-energy-used";
    /** Header with a call's or query's execution time. */
    public static final String DURATION_HEADER = "spacetime-execution-duration-micros";
    /** Status of a reducer that failed, as SpacetimeDB answers it. */
    public static final HttpResponseStatus REDUCER_FAILED = HttpResponseStatus.valueOf(530);

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHandlers.class);

    private final RequestAuth auth;
    private final DatabaseService service;

    /** Handlers for {@code service}, authenticating with {@code auth}. */
    public DatabaseHandlers(RequestAuth auth, DatabaseService service) {
        this.auth = auth;
        this.service = service;
    }

    private Mono<DatabaseInfo> database(HttpServerRequest req) {
        return resolve(service, req.param("db"));
    }

    /** The database a {@code {db}} path segment names, or a {@link ServiceFailure#NOT_FOUND} refusal. */
    public static Mono<DatabaseInfo> resolve(DatabaseService service, String segment) {
        return Mono.defer(() -> service.lookup(ref(segment)))
                .switchIfEmpty(Mono.error(() -> new ServiceException(ServiceFailure.NOT_FOUND,
                        HttpReplies.NO_SUCH_DATABASE)));
    }

    /**
     * The {@code {db}} path segment as a reference; a name that breaks SpacetimeDB's naming rule is refused with 400
     * (as upstream's path parsing does), so it is never looked up, created or logged.
     */
    static DatabaseRef ref(String segment) {
        DatabaseRef ref = DatabaseRef.parse(segment);
        if (ref instanceof DatabaseRef.ByName n) {
            DatabaseName.require(n.name());
        }
        return ref;
    }

    /**
     * The request body, refused with 413 (naming the limit) as soon as it is known to exceed {@code limit} bytes:
     * from {@code Content-Length} before anything is read, else while it arrives, so it is never held whole.
     */
    private static Mono<byte[]> boundedBody(HttpServerRequest req, int limit, String what) {
        String declared = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (declared != null) {
            try {
                long length = Long.parseLong(declared.trim());
                if (length > limit) {
                    return Mono.error(tooLarge(what, Long.toString(length), limit));
                }
            } catch (NumberFormatException e) {
                return Mono.error(BadRequestException.of("invalid Content-Length: " + declared));
            }
        }
        return req.receive().asByteArray()
                .collect(java.io.ByteArrayOutputStream::new, (out, chunk) -> {
                    if ((long) out.size() + chunk.length > limit) {
                        throw tooLarge(what, "more than " + limit, limit);
                    }
                    out.writeBytes(chunk);
                })
                .map(java.io.ByteArrayOutputStream::toByteArray);
    }

    private static BadRequestException tooLarge(String what, String size, int limit) {
        return new BadRequestException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, what + " is too large: "
                + size + " bytes, and the limit is " + limit
                + " bytes (" + (limit >> 20) + " MiB)");
    }

    private static Mono<byte[]> body(HttpServerRequest req) {
        return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]);
    }

    private static HostType hostType(QueryParams q) {
        return q.get("host_type").map(v -> HostType.fromQueryValue(v)
                .orElseThrow(() -> BadRequestException.of("unknown host_type: " + v))).orElse(HostType.WASM);
    }

    /** {@code GET /v1/identity/{identity}/databases}: {@code {"identities":[…]}}. */
    public Publisher<Void> ownedDatabases(HttpServerRequest req, HttpServerResponse res) {
        String path = req.param("identity");
        if (path == null || !Identity.isHex(path)) {
            throw BadRequestException.of("invalid identity: " + path);
        }
        return service.databasesOwnedBy(Identity.fromHex(path)).flatMap(ids -> {
            ObjectNode body = HttpReplies.JSON.createObjectNode();
            ArrayNode list = body.putArray("identities");
            ids.forEach(id -> list.add(id.toHex()));
            return Mono.from(HttpReplies.json(res, HttpResponseStatus.OK, body));
        });
    }

    /** {@code POST /v1/database} and {@code PUT /v1/database/{db}}: publish a module. */
    public Publisher<Void> publish(HttpServerRequest req, HttpServerResponse res) {
        QueryParams q = QueryParams.of(req.uri());
        Optional<DatabaseRef> target = Optional.ofNullable(req.param("db")).map(DatabaseHandlers::ref);
        HostType hostType = hostType(q);
        boolean breakClients = q.get("policy").map(p -> {
            if (p.equals("BreakClients")) {
                return true;
            }
            if (p.equals("Compatible")) {
                return false;
            }
            throw BadRequestException.of("unknown policy: " + p);
        }).orElse(false);
        q.nonNegativeInt("num_replicas");
        boolean clear = q.bool("clear", false);
        Caller caller = auth.orMint(req);
        return boundedBody(req, PublishLimits.MAX_MODULE_BYTES, "the module").flatMap(program -> service.publish(new PublishRequest(target, caller, program, hostType,
                clear, q.get("token"), breakClients))).flatMap(outcome -> {
                    HttpReplies.identityHeaders(res, caller);
                    return Mono.from(publishReply(res, caller, outcome));
                });
    }

    private static Publisher<Void> publishReply(HttpServerResponse res, Caller caller, PublishOutcome outcome) {
        ObjectNode body = HttpReplies.JSON.createObjectNode();
        if (outcome instanceof PublishOutcome.Success s) {
            LOG.info("published database={} op={} caller={}", s.databaseIdentity(), s.op(), caller.identity());
            ObjectNode ok = body.putObject("Success");
            if (s.domain().isPresent()) {
                ok.put("domain", s.domain().get());
            } else {
                ok.putNull("domain");
            }
            ok.put("database_identity", s.databaseIdentity().toHex());
            ok.put("op", s.op().name().toLowerCase(Locale.ROOT));
            return HttpReplies.json(res, HttpResponseStatus.OK, body);
        }
        if (outcome instanceof PublishOutcome.PermissionDenied d) {
            body.putObject("PermissionDenied").put("name", d.name());
            return HttpReplies.json(res, HttpResponseStatus.UNAUTHORIZED, body);
        }
        return HttpReplies.text(res, HttpResponseStatus.BAD_REQUEST, ((PublishOutcome.Refused) outcome).message());
    }

    /** {@code POST /v1/database/{db}/pre_publish}: 404 for a new database, else the migration plan. */
    public Publisher<Void> prePublish(HttpServerRequest req, HttpServerResponse res) {
        QueryParams q = QueryParams.of(req.uri());
        HostType hostType = hostType(q);
        boolean ansiColor = q.get("pretty_print_style").map(style -> {
            if (style.equals("AnsiColor")) {
                return true;
            }
            if (style.equals("NoColor")) {
                return false;
            }
            throw BadRequestException.of("unknown pretty_print_style: " + style);
        }).orElse(false);
        Caller caller = auth.orMint(req);
        // The body is read before the refusal: answering while it is still arriving can lose the answer.
        return database(req).zipWith(boundedBody(req, PublishLimits.MAX_MODULE_BYTES, "the module"))
                .doOnNext(t -> requireOwner(t.getT1(), caller))
                .flatMap(t -> service.prePublish(t.getT1(), caller, t.getT2(), hostType, ansiColor))
                .flatMap(outcome -> {
                    ObjectNode body = HttpReplies.JSON.createObjectNode();
                    if (outcome instanceof PrePublishOutcome.AutoMigrate a) {
                        body.putObject("AutoMigrate").put("migrate_plan", a.migratePlan())
                                .put("break_clients", a.breakClients()).put("token", a.token())
                                .put("major_version_upgrade", a.majorVersionUpgrade());
                    } else {
                        PrePublishOutcome.ManualMigrate m = (PrePublishOutcome.ManualMigrate) outcome;
                        body.putObject("ManualMigrate").put("reason", m.reason())
                                .put("major_version_upgrade", m.majorVersionUpgrade());
                    }
                    return Mono.from(HttpReplies.json(res, HttpResponseStatus.OK, body));
                });
    }

    /** Only the owner may see how their database would change (upstream: 403, "… is not authorized …"). */
    private static void requireOwner(DatabaseInfo db, Caller caller) {
        if (!db.ownerIdentity().equals(caller.identity())) {
            throw new ServiceException(ServiceFailure.FORBIDDEN, caller.identity().toHex()
                    + " is not authorized to perform action on database " + db.databaseIdentity().toHex()
                    + ": update database");
        }
    }

    /** {@code GET /v1/database/{db}}: identity, owner, host type and program hash. */
    public Publisher<Void> info(HttpServerRequest req, HttpServerResponse res) {
        return database(req).flatMap(db -> {
            ObjectNode body = HttpReplies.JSON.createObjectNode();
            body.put("database_identity", db.databaseIdentity().toHex());
            body.put("owner_identity", db.ownerIdentity().toHex());
            body.putObject("host_type").putArray(db.hostType().jsonVariant());
            body.put("initial_program", db.initialProgramHash());
            return Mono.from(HttpReplies.json(res, HttpResponseStatus.OK, body));
        });
    }

    /** {@code DELETE /v1/database/{db}}: 200, empty. */
    public Publisher<Void> delete(HttpServerRequest req, HttpServerResponse res) {
        Caller caller = auth.required(req);
        return database(req).flatMap(db -> service.delete(db, caller)
                .doOnSuccess(v -> LOG.info("deleted database={} caller={}", db.databaseIdentity(), caller.identity()))
                .then(Mono.defer(() -> Mono.from(HttpReplies.empty(res, HttpResponseStatus.OK)))));
    }

    /** {@code GET /v1/database/{db}/identity}: the identity hex as plain text (no auth). */
    public Publisher<Void> databaseIdentity(HttpServerRequest req, HttpServerResponse res) {
        return database(req).flatMap(db -> Mono.from(
                HttpReplies.text(res, HttpResponseStatus.OK, db.databaseIdentity().toHex())));
    }

    /** {@code GET /v1/database/{db}/names}: {@code {"names":[…]}}. */
    public Publisher<Void> names(HttpServerRequest req, HttpServerResponse res) {
        return database(req).flatMap(service::names).flatMap(names -> {
            ObjectNode body = HttpReplies.JSON.createObjectNode();
            ArrayNode list = body.putArray("names");
            names.forEach(list::add);
            return Mono.from(HttpReplies.json(res, HttpResponseStatus.OK, body));
        });
    }

    /** {@code GET /v1/database/{db}/schema?version=10|9}: the module definition as SATS-JSON. */
    public Publisher<Void> schema(HttpServerRequest req, HttpServerResponse res) {
        Optional<String> v = QueryParams.of(req.uri()).get("version");
        if (v.isEmpty()) {
            throw BadRequestException.of("Failed to deserialize query string: missing field `version`");
        }
        SchemaVersion version = SchemaVersion.fromQueryValue(v.get())
                .orElseThrow(() -> BadRequestException.of("unsupported schema version: " + v.get()));
        Caller caller = auth.orMint(req);
        return database(req).flatMap(db -> service.schema(db, version)).flatMap(schema -> Mono.from(
                HttpReplies.json(HttpReplies.identityHeaders(res, caller), HttpResponseStatus.OK, schema)));
    }

    /** {@code POST /v1/database/{db}/call/{name}}: call a reducer or procedure with JSON arguments. */
    public Publisher<Void> call(HttpServerRequest req, HttpServerResponse res) {
        String contentType = req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(HttpReplies.JSON_TYPE)) {
            throw new BadRequestException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Expected request with `Content-Type: application/json`");
        }
        String function = req.param("name");
        Caller caller = auth.orMint(req);
        return database(req).zipWith(body(req)).flatMap(t -> {
            JsonNode args = parseJson(t.getT2());
            return service.call(t.getT1(), caller, function, args);
        }).flatMap(outcome -> Mono.from(callReply(HttpReplies.identityHeaders(res, caller), outcome)));
    }

    private static JsonNode parseJson(byte[] body) {
        try {
            JsonNode node = HttpReplies.JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw BadRequestException.of("Failed to parse the request body as JSON: empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw BadRequestException.of(jsonError(e));
        } catch (java.io.IOException e) {
            throw BadRequestException.of("Failed to parse the request body as JSON");
        }
    }

    /**
     * A JSON syntax error in the user's terms: where (line and column of the body) and what, without the
     * parser's class names or its long list of expected tokens.
     */
    static String jsonError(JsonProcessingException e) {
        String what = e.getOriginalMessage();
        int cut = what.indexOf(": expected");
        if (cut > 0) {
            what = what.substring(0, cut);
        }
        what = what.replaceAll(" \\(code \\d+\\)", "").replace("\n", " ");
        var at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "Failed to parse the request body as JSON" + where + ": " + what;
    }

    private static Publisher<Void> callReply(HttpServerResponse res, CallOutcome outcome) {
        if (outcome instanceof CallOutcome.Committed c) {
            res.header(ENERGY_HEADER, Long.toString(c.energyUsed()))
                    .header(DURATION_HEADER, Long.toString(c.durationMicros()));
            return HttpReplies.empty(res, HttpResponseStatus.OK);
        }
        if (outcome instanceof CallOutcome.ProcedureReturned p) {
            res.header(DURATION_HEADER, Long.toString(p.durationMicros()));
            return HttpReplies.json(res, HttpResponseStatus.OK, p.value());
        }
        if (outcome instanceof CallOutcome.Failed f) {
            return HttpReplies.text(res, REDUCER_FAILED, f.message());
        }
        if (outcome instanceof CallOutcome.OutOfEnergy) {
            return HttpReplies.text(res, HttpResponseStatus.PAYMENT_REQUIRED, "Module energy budget exhausted.");
        }
        if (outcome instanceof CallOutcome.NoSuchFunction n) {
            return HttpReplies.text(res, HttpResponseStatus.NOT_FOUND, n.message());
        }
        return HttpReplies.text(res, HttpResponseStatus.BAD_REQUEST, ((CallOutcome.BadCall) outcome).message());
    }

    /** {@code POST /v1/database/{db}/sql}: run SQL; one result object per statement. */
    public Publisher<Void> sql(HttpServerRequest req, HttpServerResponse res) {
        boolean confirmed = QueryParams.of(req.uri()).bool("confirmed", false);
        Caller caller = auth.orMint(req);
        return database(req).zipWith(body(req))
                .flatMap(t -> service.sql(t.getT1(), caller, new String(t.getT2(), StandardCharsets.UTF_8), confirmed))
                .flatMap(results -> Mono.from(sqlReply(HttpReplies.identityHeaders(res, caller), results)));
    }

    private static Publisher<Void> sqlReply(HttpServerResponse res, List<SqlStatementResult> results) {
        ArrayNode body = HttpReplies.JSON.createArrayNode();
        long total = 0;
        for (SqlStatementResult r : results) {
            ObjectNode o = body.addObject();
            o.set("schema", r.schema());
            ArrayNode rows = o.putArray("rows");
            r.rows().forEach(rows::add);
            o.put("total_duration_micros", r.totalDurationMicros());
            o.putObject("stats").put("rows_inserted", r.stats().rowsInserted())
                    .put("rows_deleted", r.stats().rowsDeleted()).put("rows_updated", r.stats().rowsUpdated());
            total += r.totalDurationMicros();
        }
        res.header(DURATION_HEADER, Long.toString(total));
        return HttpReplies.json(res, HttpResponseStatus.OK, body);
    }

    /** {@code GET /v1/database/{db}/logs?num_lines=&follow=}: newline-delimited JSON, streamed when following. */
    public Publisher<Void> logs(HttpServerRequest req, HttpServerResponse res) {
        QueryParams q = QueryParams.of(req.uri());
        OptionalInt numLines = q.nonNegativeInt("num_lines").map(OptionalInt::of).orElse(OptionalInt.empty());
        boolean follow = q.bool("follow", false);
        Caller caller = auth.required(req);
        return database(req).flatMap(db -> service.logs(db, caller, numLines, follow)).flatMap(lines -> {
            res.status(HttpResponseStatus.OK).header(HttpHeaderNames.CONTENT_TYPE, NDJSON_TYPE)
                    .header(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            return Mono.from(res.sendByteArray(lines.map(DatabaseHandlers::logLine)));
        });
    }

    /** One log record as a line of the logs route. */
    public static byte[] logLine(ModuleLogRecord r) {
        ObjectNode o = HttpReplies.JSON.createObjectNode();
        o.put("level", r.level().displayName());
        o.put("ts", r.timestampMicros());
        if (r.target() != null) {
            o.put("target", r.target());
        }
        if (r.filename() != null) {
            o.put("filename", r.filename());
        }
        if (r.line() >= 0) {
            o.put("line_number", r.line());
        }
        if (r.function() != null) {
            o.put("function", r.function());
        }
        o.put("message", r.message());
        try {
            byte[] json = HttpReplies.JSON.writeValueAsBytes(o);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a log line", e);
        }
    }

    // ---------------------------------------------------------------- module-defined HTTP routes

    /** Upstream's body for a request no route of the module serves (404). */
    public static final String NO_SUCH_ROUTE = "Database has not registered a handler for this route";

    private static final java.util.regex.Pattern MODULE_ROUTE =
            java.util.regex.Pattern.compile("^/v1/database/([^/]+)/route(/.*)?$");

    /** Whether {@code req} is for {@code /v1/database/{db}/route} or below (any method). */
    static boolean isModuleRoute(HttpServerRequest req) {
        return MODULE_ROUTE.matcher(new io.netty.handler.codec.http.QueryStringDecoder(req.uri()).rawPath()).matches();
    }

    /**
     * {@code ANY /v1/database/{db}/route/{path…}}: the module's handler for this method and exact path
     * (upstream's matching), run like a procedure; its response is sent as it is. No route → 404 with
     * {@link #NO_SUCH_ROUTE}; a failing handler → 500 with its text.
     */
    public Publisher<Void> httpRoute(HttpServerRequest req, HttpServerResponse res) {
        io.netty.handler.codec.http.QueryStringDecoder uri = new io.netty.handler.codec.http.QueryStringDecoder(req.uri());
        java.util.regex.Matcher m = MODULE_ROUTE.matcher(uri.rawPath());
        if (!m.matches()) {
            throw new ServiceException(ServiceFailure.NOT_FOUND, NO_SUCH_ROUTE);
        }
        String db = io.netty.handler.codec.http.QueryStringDecoder.decodeComponent(m.group(1));
        String path = m.group(2) == null ? "" : io.netty.handler.codec.http.QueryStringDecoder.decodeComponent(m.group(2));
        return resolve(service, db).zipWith(body(req)).flatMap(t -> service.callHttpRoute(t.getT1(), path,
                handlerRequest(req, t.getT2()))).flatMap(outcome -> Mono.from(routeReply(res, outcome)));
    }

    private static dev.lightcone.executor.HttpHandlerRequest handlerRequest(HttpServerRequest req, byte[] body) {
        List<dev.lightcone.executor.HttpHeader> headers = new java.util.ArrayList<>();
        req.requestHeaders().forEach(h -> headers.add(new dev.lightcone.executor.HttpHeader(
                h.getKey().toLowerCase(Locale.ROOT), h.getValue().getBytes(StandardCharsets.ISO_8859_1))));
        return new dev.lightcone.executor.HttpHandlerRequest(method(req.method().name()), headers,
                externalUri(req), versionTag(req.version()), body);
    }

    /** The method as the ABI's {@code HttpMethod}: the nine standard ones by tag, anything else as an extension. */
    static dev.lightcone.sats.moduledef.v10.RawHttpMethod method(String name) {
        int tag = dev.lightcone.sats.moduledef.v10.RawHttpMethod.VARIANTS.subList(0, 9).stream()
                .map(v -> v.toUpperCase(Locale.ROOT)).toList().indexOf(name);
        return tag >= 0 ? new dev.lightcone.sats.moduledef.v10.RawHttpMethod(tag, Optional.empty())
                : new dev.lightcone.sats.moduledef.v10.RawHttpMethod(
                        dev.lightcone.sats.moduledef.v10.RawHttpMethod.EXTENSION, Optional.of(name));
    }

    private static int versionTag(io.netty.handler.codec.http.HttpVersion v) {
        if (v.majorVersion() == 2) {
            return 3;
        }
        return v.majorVersion() == 1 && v.minorVersion() == 0 ? 1 : 2;
    }

    /**
     * The URI the client asked for, with scheme and authority (as upstream hands it to handlers): from
     * {@code x-forwarded-proto}/{@code x-forwarded-host} when a proxy set them, else {@code http} and {@code Host}.
     */
    private static String externalUri(HttpServerRequest req) {
        String scheme = forwarded(req, "x-forwarded-proto").orElse("http");
        Optional<String> authority = forwarded(req, "x-forwarded-host")
                .or(() -> Optional.ofNullable(req.requestHeaders().get(HttpHeaderNames.HOST)));
        return authority.map(a -> scheme + "://" + a + req.uri()).orElse(req.uri());
    }

    private static Optional<String> forwarded(HttpServerRequest req, String name) {
        return Optional.ofNullable(req.requestHeaders().get(name)).map(v -> v.split(",", 2)[0].trim())
                .filter(v -> !v.isEmpty());
    }

    private static Publisher<Void> routeReply(HttpServerResponse res,
            dev.lightcone.gateway.service.HttpRouteOutcome outcome) {
        if (outcome instanceof dev.lightcone.gateway.service.HttpRouteOutcome.NoSuchRoute) {
            return HttpReplies.text(res, HttpResponseStatus.NOT_FOUND, NO_SUCH_ROUTE);
        }
        if (outcome instanceof dev.lightcone.gateway.service.HttpRouteOutcome.Failed f) {
            return HttpReplies.text(res, HttpResponseStatus.INTERNAL_SERVER_ERROR, f.message());
        }
        dev.lightcone.executor.HttpHandlerResponse r =
                ((dev.lightcone.gateway.service.HttpRouteOutcome.Responded) outcome).response();
        if (r.status() < 100 || r.status() > 999) {
            LOG.warn("an HTTP handler answered the invalid status code {}", r.status());
            return HttpReplies.text(res, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "the handler answered the invalid status code " + r.status());
        }
        res.status(HttpResponseStatus.valueOf(r.status()));
        for (dev.lightcone.executor.HttpHeader h : r.headers()) {
            res.addHeader(h.name(), new String(h.value(), StandardCharsets.ISO_8859_1));
        }
        byte[] body = r.body();
        res.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        return res.sendByteArray(Mono.just(body)).then();
    }
}
