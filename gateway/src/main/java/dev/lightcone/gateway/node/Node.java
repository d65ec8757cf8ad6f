package dev.lightcone.gateway.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.executor.MigrationToken;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.sats.moduledef.migration.MigrationPlan;
import dev.lightcone.sats.moduledef.migration.MigrationPlanner;
import dev.lightcone.sats.moduledef.migration.MigrationRefusedException;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.auth.IdentityDerivation;
import dev.lightcone.gateway.service.CallOutcome;
import dev.lightcone.gateway.service.ClientSession;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.DatabaseName;
import dev.lightcone.gateway.service.DatabaseRef;
import dev.lightcone.gateway.service.PublishLimits;
import dev.lightcone.gateway.service.DatabaseService;
import dev.lightcone.gateway.service.HostType;
import dev.lightcone.gateway.service.PrePublishOutcome;
import dev.lightcone.gateway.service.PublishOutcome;
import dev.lightcone.gateway.service.PublishRequest;
import dev.lightcone.gateway.service.SchemaVersion;
import dev.lightcone.gateway.service.ServiceException;
import dev.lightcone.gateway.service.ServiceFailure;
import dev.lightcone.gateway.service.SessionRequest;
import dev.lightcone.gateway.service.SqlStatementResult;
import dev.lightcone.gateway.ws.WebSocketOptions;
import dev.lightcone.executor.writer.AppliedCommand;
import java.time.Duration;
import dev.lightcone.commitlog.DiskFullException;
import dev.lightcone.commitlog.DiskSpace;
import dev.lightcone.commitlog.kafka.KafkaLogOptions;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.LightconeException;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.json.SatsJson;
import dev.lightcone.sats.json.SatsJsonException;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.ProcedureSchema;
import dev.lightcone.sats.moduledef.RawModuleDefMetaType;
import dev.lightcone.sats.moduledef.ReducerSchema;
import dev.lightcone.sats.moduledef.ServedModuleDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * This process's databases, served to the gateway. Each database lives in
 * {@code <data>/databases/<identity>/} with a {@code meta.json} (owner, names) and its command log,
 * effect log, snapshots and module blobs. Every change goes through the database's command log.
 *
 * <p>Why it is this long: it implements every method of {@code DatabaseService} (one per route) over the
 * databases on disk; what each answer looks like is in {@link RouteResults}.
 */
public final class Node implements DatabaseService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    /**
     * Appending may wait (back-pressure, or a procedure transaction holding the append lock), so it
     * never runs on a network event loop.
     */
    private static final reactor.core.scheduler.Scheduler BLOCKING_OK = reactor.core.scheduler.Schedulers.boundedElastic();
    private static final java.util.concurrent.Executor BLOCKING_EXECUTOR = task -> BLOCKING_OK.schedule(task);

    private final Path databasesDir;
    private final int sessionBuffer;
    private final DatabaseCatalog catalog;
    private final Map<Identity, Database> databases = new ConcurrentHashMap<>();
    private final Map<String, Identity> names = new ConcurrentHashMap<>();
    private final Map<Identity, List<String>> namesOf = new ConcurrentHashMap<>();
    /** Databases that could not be opened (a damaged command log), with the reason every request is answered. */
    private final Map<Identity, String> unavailable = new ConcurrentHashMap<>();
    /** {@code lightcone_disk_free_bytes} of the data directory (embedded mode); removed on close. */
    private io.micrometer.core.instrument.Gauge diskGauge;
    /** Databases this node created whose catalog entry is not yet recorded. */
    private final Map<Identity, Database> opening = new ConcurrentHashMap<>();
    /** In a cluster, ends the connections of nodes that are gone; null for an embedded server. */
    private GoneNodeWatch goneNodes;
    private final ExecutorService lanes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lightcone-session");
        t.setDaemon(true);
        return t;
    });

    private Node(Path dataDir, int sessionBuffer, DatabaseCatalog catalog) {
        this.databasesDir = dataDir.resolve("databases");
        this.sessionBuffer = sessionBuffer;
        this.catalog = catalog;
    }

    /** Opens every database under {@code dataDir}, recovering each from its log. */
    public static Node open(Path dataDir) {
        return open(dataDir, WebSocketOptions.DEFAULT.outboundBuffer());
    }

    /**
     * Opens every database under {@code dataDir}, recovering each from its log (embedded mode: each
     * database's command log is a Chronicle Queue in its directory).
     *
     * @param sessionBuffer updates one slow client may fall behind before it is cut off
     */
    public static Node open(Path dataDir, int sessionBuffer) {
        return open(dataDir, sessionBuffer, DiskSpace.FILE_STORE);
    }

    /**
     * Opens every database under {@code dataDir} (embedded mode), their logs asking {@code space} for the free space
     * of the file system before they write: on a full disk writes are refused (507) and reads go on.
     */
    public static Node open(Path dataDir, int sessionBuffer, DiskSpace space) {
        Node n = new Node(dataDir, sessionBuffer, new LocalCatalog(dataDir.resolve("databases"), space));
        n.diskGauge = io.micrometer.core.instrument.Gauge.builder("lightcone.disk.free", () -> {
            try {
                return (double) space.usableBytes(n.databasesDir);
            } catch (IOException e) {
                return Double.NaN;
            }
        }).baseUnit("bytes").description("free space of the file system holding the data directory")
                .tag("dir", dataDir.toAbsolutePath().toString())
                .register(io.micrometer.core.instrument.Metrics.globalRegistry);
        return start(n);
    }

    /**
     * Joins a cluster (distributed mode): every database listed in the cluster's catalog topic is served
     * here, its command log a Kafka topic shared by every node, its derived data under {@code dataDir}.
     * Each database catches up with its topic before this returns.
     */
    public static Node openCluster(Path dataDir, KafkaLogOptions kafka, int sessionBuffer) {
        return openCluster(dataDir, kafka, sessionBuffer, Duration.ofSeconds(10));
    }

    /**
     * Joins a cluster, as {@link #openCluster(Path, KafkaLogOptions, int)}.
     *
     * @param nodeTimeout how long a node may be silent before the others disconnect its clients
     */
    public static Node openCluster(Path dataDir, KafkaLogOptions kafka, int sessionBuffer, Duration nodeTimeout) {
        Node n = start(new Node(dataDir, sessionBuffer, new ClusterCatalog(kafka, dataDir, nodeTimeout)));
        n.goneNodes = new GoneNodeWatch(n.catalog, n.databases::values).start();
        return n;
    }

    private static Node start(Node n) {
        try {
            Files.createDirectories(n.databasesDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + n.databasesDir, e);
        }
        n.catalog.start(n.new CatalogChanges());
        return n;
    }

    /** Opens and closes databases as the catalog says, whichever node changed it. */
    private final class CatalogChanges implements DatabaseCatalog.Listener {
        @Override
        public void added(CatalogEntry e) {
            Database db = opening.remove(e.identity());
            if (db == null) {
                if (databases.containsKey(e.identity())) {
                    return;
                }
                try {
                    db = openDatabase(e.identity(), e.owner());
                } catch (RuntimeException failure) {
                    // One damaged database must not stop the others: it is listed, and answers 503 with the reason.
                    String why = Unavailable.describe(e, databasesDir.resolve(e.identity().toHex()), failure);
                    LOG.error("{}", why);
                    LOG.debug("database {} failed to open", e.identity(), failure);
                    unavailable.put(e.identity(), why);
                    namesOf.put(e.identity(), e.names());
                    e.names().forEach(name -> names.put(name, e.identity()));
                    return;
                }
                LOG.info("opened database {} ({}) at offset {}", e.names(), e.identity(), db.writer.appliedOffset());
            }
            namesOf.put(e.identity(), e.names());
            e.names().forEach(name -> names.put(name, e.identity()));
            databases.put(e.identity(), db);
        }

        @Override
        public void removed(Identity id) {
            unavailable.remove(id);
            Database db = databases.remove(id);
            for (String name : namesOf.getOrDefault(id, List.of())) {
                names.remove(name, id);
            }
            namesOf.remove(id);
            if (db != null) {
                db.close();
                deleteTree(db.dir);
            }
        }
    }

    private Database openDatabase(Identity id, Identity owner) {
        Path dir = databasesDir.resolve(id.toHex());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return new Database(id, owner, dir, catalog.storage(id, dir), sessionBuffer, catalog.node());
    }

    /** The database {@code identity} if this node serves it (for tests in this package). */
    Optional<Database> served(Identity identity) {
        return Optional.ofNullable(databases.get(identity));
    }

    /** The databases this node serves, by name (by identity when unnamed), sorted. */
    public List<String> servedNames() {
        List<String> out = new java.util.ArrayList<>();
        for (Identity id : databases.keySet()) {
            List<String> n = namesOf.getOrDefault(id, List.of());
            out.add(n.isEmpty() ? id.toHex() : String.join(" / ", n));
        }
        out.sort(null);
        return out;
    }

    /** True when this node serves no database. */
    public boolean isEmpty() {
        return databases.isEmpty() && unavailable.isEmpty();
    }

    /** The databases that could not be opened, with why (one line each, naming the file and offset). */
    public Map<Identity, String> unavailableDatabases() {
        return Map.copyOf(unavailable);
    }

    private Optional<Database> find(DatabaseRef ref) {
        Identity id = ref instanceof DatabaseRef.ByIdentity bi ? bi.identity() : names.get(((DatabaseRef.ByName) ref).name());
        return id == null ? Optional.empty() : Optional.ofNullable(databases.get(id));
    }

    private Database require(DatabaseInfo info) {
        Database db = databases.get(info.databaseIdentity());
        if (db == null) {
            throw new ServiceException(ServiceFailure.NOT_FOUND, "No such database.");
        }
        return db;
    }

    private DatabaseInfo info(Database db) {
        String program = db.writer.host().map(h -> h.code().hash()).orElse("");
        return new DatabaseInfo(db.identity, db.owner, HostType.WASM, program);
    }

    // ---------------------------------------------------------------- lookup and management

    @Override
    public Mono<DatabaseInfo> lookup(DatabaseRef ref) {
        Identity id = ref instanceof DatabaseRef.ByIdentity bi ? bi.identity() : names.get(((DatabaseRef.ByName) ref).name());
        String why = id == null ? null : unavailable.get(id);
        if (why != null) {
            return Mono.error(new ServiceException(ServiceFailure.UNAVAILABLE, why));
        }
        return Mono.justOrEmpty(find(ref).map(this::info));
    }

    @Override
    public Mono<List<Identity>> databasesOwnedBy(Identity owner) {
        return Mono.just(databases.values().stream().filter(d -> d.owner.equals(owner)).map(d -> d.identity).toList());
    }

    @Override
    public Mono<List<String>> names(DatabaseInfo db) {
        return Mono.just(List.copyOf(namesOf.getOrDefault(db.databaseIdentity(), List.of())));
    }

    @Override
    public Mono<PublishOutcome> publish(PublishRequest request) {
        return Mono.fromFuture(() -> publishAsync(request)).subscribeOn(BLOCKING_OK).onErrorMap(Node::diskFull);
    }

    private CompletableFuture<PublishOutcome> publishAsync(PublishRequest request) {
        if (request.hostType() != HostType.WASM) {
            return CompletableFuture.completedFuture(new PublishOutcome.Refused("only WebAssembly modules are supported"));
        }
        Optional<String> notWasm = notWasm(request.program());
        if (notWasm.isPresent()) {
            // Refused before a database directory, a log or a writer exists: the answer is immediate.
            return CompletableFuture.completedFuture(new PublishOutcome.Refused(notWasm.get()));
        }
        if (request.program().length > PublishLimits.MAX_MODULE_BYTES) {
            return CompletableFuture.completedFuture(new PublishOutcome.Refused("the module is too large: "
                    + request.program().length + " bytes, and the limit is " + PublishLimits.MAX_MODULE_BYTES + " bytes"));
        }
        Optional<Database> existing = request.target().flatMap(this::find);
        Optional<String> name = request.target().filter(t -> t instanceof DatabaseRef.ByName)
                .map(t -> ((DatabaseRef.ByName) t).name());
        if (existing.isPresent()) {
            Database db = existing.get();
            if (!db.owner.equals(request.caller().identity())) {
                return CompletableFuture.completedFuture(new PublishOutcome.PermissionDenied(
                        name.orElse(db.identity.toHex())));
            }
            if (request.breakClients() && request.migrationToken().filter(t -> !t.isEmpty()).isEmpty()) {
                return CompletableFuture.completedFuture(new PublishOutcome.Refused(
                        "Migration policy is set to `BreakClients`, but no migration token was provided."));
            }
            String token = request.breakClients() ? request.migrationToken().orElseThrow() : "";
            return db.ingest.publish(db.owner, request.program(), request.clear(), token)
                    .thenApply(c -> c.error() != null ? new PublishOutcome.Refused(c.error())
                            : new PublishOutcome.Success(name, db.identity, PublishOutcome.Op.UPDATED));
        }
        if (request.target().isPresent() && request.target().get() instanceof DatabaseRef.ByIdentity) {
            return CompletableFuture.failedFuture(new ServiceException(ServiceFailure.NOT_FOUND, "No such database."));
        }
        return create(name, request.caller().identity(), request.program());
    }

    /**
     * Creates a database with a fresh identity: publishes the module, then records the database in the
     * catalog. If the name is invalid, the module is refused, init fails, the log refuses the record or the name was
     * taken meanwhile, nothing remains.
     */
    public synchronized CompletableFuture<PublishOutcome> create(Optional<String> name, Identity owner, byte[] program) {
        try {
            name.ifPresent(DatabaseName::require);
        } catch (ServiceException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (name.isPresent() && names.containsKey(name.get())) {
            return CompletableFuture.completedFuture(new PublishOutcome.PermissionDenied(name.get()));
        }
        Identity id = IdentityDerivation.fromClaims("localhost", "database-" + UUID.randomUUID());
        Database db;
        try {
            db = openDatabase(id, owner);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        opening.put(id, db);
        CompletableFuture<AppliedCommand> published;
        try {
            published = db.ingest.publish(owner, program, false);
        } catch (RuntimeException e) {
            abandon(db);
            return CompletableFuture.failedFuture(e);
        }
        return published.whenCompleteAsync((c, failure) -> {
            if (failure != null) {
                // The log refused the record (too large, disk full) or the writer stopped: no half-created database.
                abandon(db);
            }
        }, BLOCKING_EXECUTOR).thenApplyAsync(c -> {
            if (c.error() != null) {
                abandon(db);
                return new PublishOutcome.Refused(c.error());
            }
            if (!catalog.register(new CatalogEntry(id, owner, name.map(List::of).orElse(List.of())))) {
                abandon(db);
                return new PublishOutcome.PermissionDenied(name.orElse(id.toHex()));
            }
            LOG.info("created database {} ({}) owned by {}", name.orElse("-"), id, owner);
            return new PublishOutcome.Success(name, id, PublishOutcome.Op.CREATED);
        }, BLOCKING_EXECUTOR);
    }

    private static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};

    /** Why {@code program} cannot be a WebAssembly module at all (no magic bytes; the writer's words), or empty. */
    static Optional<String> notWasm(byte[] program) {
        if (program.length < WASM_MAGIC.length
                || !java.util.Arrays.equals(program, 0, WASM_MAGIC.length, WASM_MAGIC, 0, WASM_MAGIC.length)) {
            return Optional.of("not a WebAssembly module: it does not start with the WebAssembly magic bytes (\\0asm); "
                    + "publish the .wasm file your build produced");
        }
        return Optional.empty();
    }

    /** Removes a database this node created but could not record. */
    private void abandon(Database db) {
        opening.remove(db.identity);
        db.close();
        deleteTree(db.dir);
    }

    @Override
    public Mono<PrePublishOutcome> prePublish(DatabaseInfo db, Caller caller, byte[] program, HostType hostType) {
        return prePublish(db, caller, program, hostType, false);
    }

    /**
     * Plans the update as the writer would apply it: the new module is loaded on the side (nothing runs in
     * the database) and diffed against the running one. Only the owner may see the plan, as upstream.
     */
    @Override
    public Mono<PrePublishOutcome> prePublish(DatabaseInfo info, Caller caller, byte[] program, HostType hostType,
            boolean ansiColor) {
        return Mono.fromCallable(() -> {
            Database db = require(info);
            if (!db.owner.equals(caller.identity())) {
                throw new ServiceException(ServiceFailure.FORBIDDEN,
                        "only the owner may plan an update of the database");
            }
            if (hostType != HostType.WASM) {
                throw new ServiceException(ServiceFailure.BAD_REQUEST, "only WebAssembly modules are supported");
            }
            ModuleHost current = db.writer.host().orElseThrow(
                    () -> new ServiceException(ServiceFailure.UNAVAILABLE, "the database has no module yet"));
            ModuleHost next;
            try {
                next = ModuleHost.load(program, db.identity, db.owner, "pre-publish", ModuleHost.Options.DEFAULT);
            } catch (ModuleLoadException e) {
                throw new ServiceException(ServiceFailure.BAD_REQUEST, e.getMessage());
            }
            try {
                MigrationPlan plan = MigrationPlanner.plan(current.schema(), next.schema());
                return (PrePublishOutcome) new PrePublishOutcome.AutoMigrate(
                        plan.render(ansiColor ? MigrationPlan.PlanStyle.ANSI_COLOR : MigrationPlan.PlanStyle.NO_COLOR),
                        plan.breaksClients(), MigrationToken.of(db.identity, current.code().hash(), next.code().hash()),
                        false);
            } catch (MigrationRefusedException e) {
                return new PrePublishOutcome.ManualMigrate(e.getMessage(), false);
            }
        }).subscribeOn(BLOCKING_OK);
    }

    @Override
    public Mono<Void> delete(DatabaseInfo info, Caller caller) {
        return Mono.fromRunnable(() -> {
            Database db = require(info);
            if (!db.owner.equals(caller.identity())) {
                throw new ServiceException(ServiceFailure.FORBIDDEN, "only the owner may delete a database");
            }
            catalog.unregister(db.identity);
        });
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}", dir, e);
        }
    }

    // ---------------------------------------------------------------- calls, SQL, logs, schema

    @Override
    public Mono<CallOutcome> call(DatabaseInfo info, Caller caller, String function, JsonNode args) {
        return Mono.fromFuture(() -> callAsync(require(info), caller, function, args)).subscribeOn(BLOCKING_OK)
                .onErrorMap(Node::diskFull);
    }

    private CompletableFuture<CallOutcome> callAsync(Database db, Caller caller, String function, JsonNode args) {
        ModuleHost host = db.writer.host().orElseThrow(() -> new ServiceException(ServiceFailure.NOT_FOUND, "No such database."));
        ModuleSchema schema = host.schema();
        Optional<ReducerSchema> reducer = schema.reducer(function);
        if (reducer.isEmpty()) {
            Optional<ProcedureSchema> proc = schema.procedure(function);
            if (proc.isEmpty()) {
                return CompletableFuture.completedFuture(
                        new CallOutcome.NoSuchFunction("no such reducer or procedure `" + function + "`"));
            }
            return callProcedure(db, caller, proc.get(), schema, args);
        }
        byte[] bsatn;
        try {
            AlgebraicValue value = SatsJson.decode(reducer.get().params(), args, schema.typespace());
            bsatn = Bsatn.encodeWith(reducer.get().params(), value, schema.typespace());
        } catch (SatsJsonException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new CallOutcome.BadCall("invalid arguments for reducer "
                    + function + ": " + e.getMessage()));
        }
        return withConnection(db, caller, conn -> db.ingest.callReducer(caller.identity(), conn, 0, function, bsatn)
                .handle((c, e) -> e == null ? RouteResults.callOutcome(c) : RouteResults.refusedOutcome(e)));
    }

    /** A statement's read on the writer thread, or its write as a logged record. */
    private CompletableFuture<List<SqlStatementResult>> runSql(Database db, Caller caller, String sql, long start) {
        return db.runtime.query(sql, caller.identity()).thenComposeAsync(result -> result.isPresent()
                ? CompletableFuture.completedFuture(List.of(RouteResults.queryResult(result.get(), start)))
                : db.ingest.runSql(caller.identity(), sql).thenApply(applied -> List.of(RouteResults.dmlResult(applied, sql, start))),
                BLOCKING_EXECUTOR);
    }

    /**
     * Runs {@code request} inside a client connection, as upstream wraps every HTTP call and query: a fresh
     * connection id, {@code client_connected} first — if it rejects, the request is refused (403 with the
     * module's text) and does not run — and {@code client_disconnected} once the request has finished,
     * whatever its outcome, before the caller is answered.
     */
    private <T> CompletableFuture<T> withConnection(Database db, Caller caller,
            Function<ConnectionId, CompletableFuture<T>> request) {
        ConnectionId conn = ConnectionId.random();
        Identity id = caller.identity();
        return db.ingest.connect(id, conn, caller.claims().toString()).thenComposeAsync(connected -> {
            if (!RouteResults.committed(connected)) {
                return CompletableFuture.<T>failedFuture(new ServiceException(ServiceFailure.FORBIDDEN,
                        RouteResults.failure(connected)));
            }
            CompletableFuture<T> result;
            try {
                result = request.apply(conn);
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
            return result.handleAsync((value, failure) -> db.ingest.disconnect(id, conn)
                    .handle((disconnected, e) -> {
                        if (e != null) {
                            LOG.warn("could not log the disconnect of HTTP connection {} of {}", conn, id, e);
                        }
                        return failure == null ? CompletableFuture.completedFuture(value)
                                : CompletableFuture.<T>failedFuture(RouteResults.cause(failure));
                    }).thenCompose(Function.identity()), BLOCKING_EXECUTOR).thenCompose(Function.identity());
        }, BLOCKING_EXECUTOR);
    }

    /** A procedure over HTTP: SATS-JSON arguments in, its return value as SATS-JSON out. */
    private CompletableFuture<CallOutcome> callProcedure(Database db, Caller caller, ProcedureSchema proc,
            ModuleSchema schema, JsonNode args) {
        byte[] bsatn;
        try {
            bsatn = Bsatn.encodeWith(proc.params(), SatsJson.decode(proc.params(), args, schema.typespace()),
                    schema.typespace());
        } catch (SatsJsonException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new CallOutcome.BadCall("invalid arguments for procedure "
                    + proc.name() + ": " + e.getMessage()));
        }
        return withConnection(db, caller, conn -> db.ingest.callProcedure(caller.identity(), conn, proc.name(), bsatn)
                .handle((call, e) -> e != null ? RouteResults.refusedOutcome(e) : procedureOutcome(call.result(), proc,
                        schema)));
    }

    private static CallOutcome procedureOutcome(dev.lightcone.executor.ProcedureResult r, ProcedureSchema proc,
            ModuleSchema schema) {
        if (r.outcome() instanceof dev.lightcone.executor.ProcedureOutcome.Returned ret) {
            // Untyped, like SQL rows (upstream answers procedure results this way).
            JsonNode value = SatsJson.encode(proc.returnType(), Bsatn.decodeWith(proc.returnType(), ret.value(),
                    schema.typespace()), schema.typespace(), SatsJson.Style.POSITIONAL);
            return new CallOutcome.ProcedureReturned(value, r.durationMicros());
        }
        String m = ((dev.lightcone.executor.ProcedureOutcome.InternalError) r.outcome()).message();
        return m.startsWith("no such procedure") ? new CallOutcome.NoSuchFunction(m)
                : m.startsWith("invalid arguments") ? new CallOutcome.BadCall(m) : new CallOutcome.Failed(m);
    }

    @Override
    public Mono<dev.lightcone.gateway.service.HttpRouteOutcome> callHttpRoute(DatabaseInfo info, String path,
            dev.lightcone.executor.HttpHandlerRequest request) {
        return Mono.<dev.lightcone.gateway.service.HttpRouteOutcome>fromFuture(() -> {
            Database db = require(info);
            Optional<ModuleHost> host = db.writer.host();
            Optional<dev.lightcone.sats.moduledef.HttpRouteSchema> route = host.flatMap(h -> h.schema()
                    .matchHttpRoute(request.method(), path));
            if (route.isEmpty()) {
                return CompletableFuture.completedFuture(new dev.lightcone.gateway.service.HttpRouteOutcome.NoSuchRoute());
            }
            return db.ingest.callHttpHandler(route.get().handlerId(), request).<dev.lightcone.gateway.service.HttpRouteOutcome>handle((call, e) -> {
                if (e != null) {
                    Throwable cause = RouteResults.cause(e);
                    if (cause instanceof dev.lightcone.ingest.RequestRefusedException) {
                        return new dev.lightcone.gateway.service.HttpRouteOutcome.NoSuchRoute();
                    }
                    throw e instanceof java.util.concurrent.CompletionException ce ? ce
                            : new java.util.concurrent.CompletionException(e);
                }
                dev.lightcone.executor.HttpHandlerOutcome outcome = call.result().outcome();
                return outcome instanceof dev.lightcone.executor.HttpHandlerOutcome.Responded r
                        ? new dev.lightcone.gateway.service.HttpRouteOutcome.Responded(r.response())
                        : new dev.lightcone.gateway.service.HttpRouteOutcome.Failed(
                                ((dev.lightcone.executor.HttpHandlerOutcome.Failed) outcome).message());
            });
        }).subscribeOn(BLOCKING_OK).onErrorMap(Node::diskFull);
    }

    @Override
    public Mono<List<SqlStatementResult>> sql(DatabaseInfo info, Caller caller, String sql, boolean confirmed) {
        Database db = require(info);
        long start = System.nanoTime();
        // Queries run on the writer thread (a consistent read); DML becomes a log record like a reducer call.
        // Either way inside a client connection, like /call (st_client lists the caller meanwhile). On a full
        // disk the connection cannot be logged: a read then runs without it (reads go on), a write is refused.
        return Mono.fromFuture(() -> withConnection(db, caller, conn -> runSql(db, caller, sql, start))
                        .exceptionallyCompose(e -> diskFull(e) != e
                                ? db.runtime.query(sql, caller.identity()).thenCompose(result -> result.isPresent()
                                        ? CompletableFuture.completedFuture(List.of(RouteResults.queryResult(result.get(), start)))
                                        : CompletableFuture.failedFuture(e))
                                : CompletableFuture.failedFuture(e)))
                .onErrorMap(Node::diskFull)
                .onErrorMap(e -> RouteResults.cause(e) instanceof LightconeException, e -> {
                    Throwable cause = RouteResults.cause(e);
                    return cause instanceof ServiceException ? cause
                            : new ServiceException(ServiceFailure.BAD_REQUEST, cause.getMessage());
                })
                .subscribeOn(BLOCKING_OK);
    }

    @Override
    public Mono<Flux<ModuleLogRecord>> logs(DatabaseInfo info, Caller caller, OptionalInt numLines, boolean follow) {
        return Mono.fromCallable(() -> {
            Database db = require(info);
            if (!db.owner.equals(caller.identity())) {
                throw new ServiceException(ServiceFailure.FORBIDDEN, "only the owner of a database may read its logs");
            }
            ModuleHost host = db.writer.host().orElseThrow();
            Flux<ModuleLogRecord> past = Flux.fromIterable(host.log().tail(numLines.orElse(-1)));
            if (!follow) {
                return past;
            }
            Flux<ModuleLogRecord> live = Flux.create(sink -> {
                Runnable stop = host.log().follow(sink::next);
                sink.onDispose(stop::run);
            });
            return past.concatWith(live);
        });
    }

    @Override
    public Mono<JsonNode> schema(DatabaseInfo info, SchemaVersion version) {
        return Mono.fromCallable(() -> {
            ModuleHost host = require(info).writer.host().orElseThrow();
            // The validated definition, in the version asked for (a V10 module converts to V9 as upstream does).
            return SatsJson.encode(RawModuleDefMetaType.bodyType(version.number()),
                    ServedModuleDef.value(host.schema(), version.number()), RawModuleDefMetaType.TYPESPACE,
                    SatsJson.Style.NAMED);
        });
    }

    @Override
    public Mono<ClientSession> connect(DatabaseInfo info, SessionRequest request) {
        Database db = require(info);
        Identity id = request.caller().identity();
        // Opened first, so the client hears of everything after its own connect record.
        var view = db.runtime.openSession(id, request.connectionId(), request.confirmedReads());
        Session session = new Session(db, id, request.connectionId(), view, lanes);
        return Mono.fromFuture(() -> db.ingest.connect(id, request.connectionId(), request.caller().claims().toString()))
                .subscribeOn(BLOCKING_OK)
                .onErrorMap(Node::diskFull)
                .doOnError(e -> view.close())
                .flatMap(c -> {
                    if (RouteResults.committed(c)) {
                        return Mono.just((ClientSession) session);
                    }
                    view.close();
                    return Mono.empty();
                });
    }

    /** A write refused on a full disk, as the refusal the routes answer (507 with its text); others unchanged. */
    private static Throwable diskFull(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DiskFullException d) {
                return new ServiceException(ServiceFailure.INSUFFICIENT_STORAGE, d.getMessage());
            }
        }
        return e;
    }

    @Override
    public void close() {
        if (diskGauge != null) {
            io.micrometer.core.instrument.Metrics.globalRegistry.remove(diskGauge);
        }
        if (goneNodes != null) {
            goneNodes.close();
        }
        catalog.close();
        for (Database db : databases.values()) {
            db.close();
        }
        lanes.shutdownNow();
    }
}
