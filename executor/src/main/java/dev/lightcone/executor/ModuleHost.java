package dev.lightcone.executor;

import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.datastore.InsertResult;
import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.host.CallResult;
import dev.lightcone.executor.host.ExecutionLimits;
import dev.lightcone.executor.host.ExecutionMode;
import dev.lightcone.executor.host.HostEnvFactory;
import dev.lightcone.executor.host.HttpEgress;
import dev.lightcone.executor.host.JdkHttpEgress;
import dev.lightcone.executor.host.ModuleCode;
import dev.lightcone.executor.host.ModuleInstance;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.executor.log.LogLevel;
import dev.lightcone.executor.log.ModuleLog;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.executor.schedule.ScheduledRow;
import dev.lightcone.executor.schedule.Scheduler;
import dev.lightcone.executor.view.MaterializedViews;
import dev.lightcone.executor.view.ViewCalls;
import dev.lightcone.executor.view.ViewFailedException;
import dev.lightcone.executor.view.ViewResult;
import dev.lightcone.executor.view.ViewTables;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.moduledef.LightconeViewsSection;
import dev.lightcone.sats.moduledef.Lifecycle;
import dev.lightcone.sats.moduledef.ModuleDefValidator;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.ReducerSchema;
import dev.lightcone.sats.moduledef.SqlViewSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database's module and data: runs reducers and lifecycle hooks in transactions against its
 * {@link Datastore}. Single-threaded: the executor's writer thread (or a test) owns it. Every input
 * carries its own timestamp, so the same sequence of calls gives the same state.
 *
 * <p>Why it is this long: it is the one façade the writer, the harness and ingest call for a module — loading,
 * lifecycle hooks, reducers, procedures, schedules and host transactions — and each entry point stays a few
 * lines; the mechanics live in {@code ModuleInstance}, {@link ProcedureRunner} and {@link ScheduleFiring}.
 */
public final class ModuleHost {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleHost.class);

    private final ModuleCode code;
    private final ModuleSchema schema;
    private final Datastore datastore;
    private final ModuleLog log;
    private final Identity databaseIdentity;
    private final Identity owner;
    private final ExecutionLimits limits;
    private final HostEnvFactory envFactory;
    private final HttpEgress http;
    private final Scheduler scheduler = new Scheduler();
    /** Calls queued by {@code volatile_nonatomic_schedule_immediate}, run after the current command. */
    private final java.util.ArrayDeque<ImmediateCall> immediateCalls = new java.util.ArrayDeque<>();
    private ModuleInstance instance;
    private final MaterializedViews views;

    private ModuleHost(ModuleCode code, ModuleInstance first, ModuleSchema schema, ModuleLog log,
            Identity databaseIdentity, Identity owner, ExecutionLimits limits, HostEnvFactory envFactory,
            Datastore datastore, HttpEgress http) {
        this.code = code;
        this.instance = first;
        this.schema = schema;
        this.log = log;
        this.databaseIdentity = databaseIdentity;
        this.owner = owner;
        this.limits = limits;
        this.envFactory = envFactory;
        this.datastore = datastore;
        this.http = http;
        this.views = new MaterializedViews(schema, datastore);
    }

    /**
     * Options for {@link #load}.
     *
     * @param mode              compiled or interpreted WebAssembly
     * @param limits            per-call time and memory limits
     * @param logCapacity       how many module log records are kept
     * @param allowLoopbackHttp whether procedures may send HTTP requests to loopback and private
     *                          addresses; off by default, as in SpacetimeDB (tests with a local server
     *                          turn it on)
     * @param moduleLog         the database's log, shared by every module it runs; each host gets a fresh
     *                          in-memory log when empty
     */
    public record Options(ExecutionMode mode, ExecutionLimits limits, int logCapacity, boolean allowLoopbackHttp,
            Optional<ModuleLog> moduleLog) {
        public static final Options DEFAULT = new Options(ExecutionMode.COMPILED, ExecutionLimits.DEFAULT, 10_000,
                false);

        public Options(ExecutionMode mode, ExecutionLimits limits, int logCapacity) {
            this(mode, limits, logCapacity, false);
        }

        public Options(ExecutionMode mode, ExecutionLimits limits, int logCapacity, boolean allowLoopbackHttp) {
            this(mode, limits, logCapacity, allowLoopbackHttp, Optional.empty());
        }

        public Options withMode(ExecutionMode m) {
            return new Options(m, limits, logCapacity, allowLoopbackHttp, moduleLog);
        }

        public Options withLimits(ExecutionLimits l) {
            return new Options(mode, l, logCapacity, allowLoopbackHttp, moduleLog);
        }

        public Options withAllowLoopbackHttp(boolean allow) {
            return new Options(mode, limits, logCapacity, allow, moduleLog);
        }

        /** Every host loaded with these options writes to {@code log}, so the database's log outlives its modules. */
        public Options withModuleLog(ModuleLog log) {
            return new Options(mode, limits, logCapacity, allowLoopbackHttp, Optional.of(log));
        }
    }

    /**
     * Loads a module: checks and compiles the WebAssembly, starts an instance, validates the module
     * definition it describes and creates empty tables. Does not run {@code init}; see {@link #init}.
     *
     * @throws ModuleLoadException if the module is refused; the message says why
     */
    public static ModuleHost load(byte[] wasm, Identity databaseIdentity, Identity owner, String databaseName,
            Options options) {
        ModuleCode code = ModuleCode.load(wasm, options.mode());
        ModuleLog log = options.moduleLog().orElseGet(() -> new ModuleLog(databaseName, options.logCapacity()));
        List<TableSchema> tables = new ArrayList<>(SystemTables.schemas());
        // The first instance describes the module; the datastore is created from that description,
        // so the instance's environment reads the datastore through a holder filled in just after.
        HostEnvFactory envFactory = new HostEnvFactory(databaseIdentity, log);
        ModuleInstance first = envFactory.start(code, options.limits());
        ModuleSchema schema;
        try {
            byte[] views = code.customSection(LightconeViewsSection.NAME);
            List<SqlViewSchema> sqlViews = views == null ? List.of() : LightconeViewsSection.parse(views);
            schema = ModuleDefValidator.validate(first.moduleDef(), sqlViews);
        } catch (RuntimeException e) {
            throw new ModuleLoadException("invalid module definition: " + e.getMessage(), e);
        }
        tables.addAll(ViewTables.schemas(schema));
        tables.addAll(schema.tables());
        Datastore ds = new Datastore(tables);
        envFactory.attach(ds);
        ModuleHost host = new ModuleHost(code, first, schema, log, databaseIdentity, owner, options.limits(), envFactory,
                ds, new JdkHttpEgress(options.allowLoopbackHttp()));
        envFactory.setImmediateScheduler((reducer, args) -> host.immediateCalls.add(new ImmediateCall(reducer, args)));
        return host;
    }

    public ModuleSchema schema() {
        return schema;
    }

    public Datastore datastore() {
        return datastore;
    }

    public ModuleLog log() {
        return log;
    }

    public Identity databaseIdentity() {
        return databaseIdentity;
    }

    public Identity owner() {
        return owner;
    }

    public ModuleCode code() {
        return code;
    }

    /** A reducer call a module queued with {@code volatile_nonatomic_schedule_immediate}. */
    public record ImmediateCall(String reducer, byte[] args) {
    }

    /**
     * Takes the calls modules queued since the last drain. They are not part of any transaction (not
     * undone if the queuing one failed); the writer appends them to the log as calls by the database.
     */
    public java.util.List<ImmediateCall> drainImmediateCalls() {
        if (immediateCalls.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<ImmediateCall> out = new java.util.ArrayList<>(immediateCalls);
        immediateCalls.clear();
        return out;
    }

    /** The schedule rows waiting to fire. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** The materialized function views of this database. */
    public MaterializedViews views() {
        return views;
    }

    /**
     * Refreshes the materialized views the transaction's writes affect, commits, and lets the scheduler
     * see what changed; every commit of this host goes through here.
     *
     * @throws ViewFailedException if a view fails; the transaction is rolled back
     */
    List<TableChanges> commit(MutTx tx, Timestamp timestamp) {
        try {
            if (views.instanceCount() > 0) { // no instance started just to find there is nothing to refresh
                views.refresh(instance(), tx, timestamp);
            }
        } catch (ViewFailedException e) {
            tx.rollback();
            throw e;
        }
        List<TableChanges> changes = tx.commit();
        views.afterCommit(tx, changes);
        scheduler.onCommit(datastore, changes, timestamp);
        return changes;
    }

    /** Commits as {@link #commit} does; a view failure becomes the transaction's internal error. */
    TxResult commitResult(MutTx tx, CallContext ctx, long startNanos, String function) {
        try {
            return new TxResult(TxOutcome.COMMITTED, commit(tx, ctx.timestamp()), ctx.timestamp(), micros(startNanos));
        } catch (ViewFailedException e) {
            return internal(ctx, startNanos, function, e.getMessage(), e.getMessage());
        }
    }

    /**
     * Makes {@code ctx}'s connection hold the instances of these materialized views (evaluating those
     * nobody held), in one transaction: the effect of a {@code SubscribeViews} record.
     */
    public TxResult subscribeViews(CallContext ctx, List<String> viewNames) {
        long start = System.nanoTime();
        List<Integer> positions = new ArrayList<>();
        for (String name : viewNames) {
            int position = views.positionOf(name);
            if (position < 0 || !ViewTables.isMaterialized(schema.views().get(position))) {
                return internal(ctx, start, name, "no such materialized view: " + name, "no such materialized view");
            }
            positions.add(position);
        }
        MutTx tx = datastore.begin();
        try {
            views.subscribe(instance(), tx, ctx.connectionId(), ctx.caller(), positions, ctx.timestamp());
        } catch (ViewFailedException e) {
            tx.rollback();
            return internal(ctx, start, String.join(",", viewNames), e.getMessage(), e.getMessage());
        }
        return commitResult(tx, ctx, start, "subscribe to views");
    }

    /**
     * Evaluates a view for {@code sender} without materializing it, reading the committed state (the SQL
     * route reading a view nobody subscribed to). Writer-thread only.
     *
     * @throws ViewFailedException if the view fails
     */
    public ViewResult evaluateView(ViewSchema view, Identity sender, Timestamp timestamp) {
        MutTx tx = datastore.begin();
        try {
            return ViewCalls.call(instance(), view, sender, tx, timestamp);
        } finally {
            tx.rollback();
        }
    }

    /**
     * After an update that kept the data: maps the view subscriptions moved from {@code previous} onto
     * this module's views (dropping those of views it no longer has) and evaluates every instance anew,
     * in one transaction.
     *
     * @throws ViewFailedException if a view of this module fails on the data; the update must be refused
     */
    public TxResult rematerializeViews(ModuleSchema previous, Timestamp timestamp) {
        MutTx tx = datastore.begin();
        if (!views.adoptHolders(tx, previous)) {
            tx.rollback();
            return new TxResult(TxOutcome.COMMITTED, List.of(), timestamp, 0);
        }
        views.rematerializeAll(instance(), tx, timestamp);
        List<TableChanges> changes = tx.commit();
        views.afterCommit(tx, changes);
        return new TxResult(TxOutcome.COMMITTED, changes, timestamp, 0);
    }

    /**
     * Procedures called by clients run on their own instance, so a procedure blocked in a sleep or HTTP call
     * never holds up reducers; scheduled procedures, fired on the writer thread, have another, so the writer
     * never waits for a client's procedure (which may itself be waiting for the writer).
     */
    private final ProcedureRunner procedures = new ProcedureRunner(this);
    private final ProcedureRunner scheduledProcedures = new ProcedureRunner(this);
    private final ScheduleFiring scheduleFiring = new ScheduleFiring(this);

    ProcedureRunner scheduledProcedures() {
        return scheduledProcedures;
    }

    /** The gate of a host that owns its datastore: transactions commit directly. */
    TransactionGate directGate() {
        return directGate;
    }

    /** The gate of a host that owns its datastore directly (the test harness): no log, no writer. */
    private final TransactionGate directGate = new TransactionGate() {
        @Override
        public MutTx open() {
            return datastore.begin();
        }

        @Override
        public List<TableChanges> commit(MutTx tx, Timestamp timestamp) {
            return ModuleHost.this.commit(tx, timestamp);
        }

        @Override
        public void abort(MutTx tx) {
            tx.rollback();
        }
    };

    /**
     * Applies changes committed elsewhere (a procedure transaction's record) and lets the scheduler see
     * them, as a commit of this host would.
     */
    public void applyCommitted(List<TableChanges> changes, Timestamp timestamp) {
        datastore.apply(changes);
        views.invalidate();
        scheduler.onCommit(datastore, changes, timestamp);
    }

    /**
     * Refreshes, in a transaction of its own, the views that changes applied by {@link #applyCommitted}
     * affect (a procedure transaction's record).
     *
     * @return the refresh's changes, possibly none
     * @throws ViewFailedException if a view fails; nothing of the refresh is kept
     */
    public List<TableChanges> refreshViewsAfter(List<TableChanges> applied, Timestamp timestamp) {
        if (views.instanceCount() == 0) {
            return List.of();
        }
        MutTx tx = datastore.begin();
        views.refreshFor(instance(), tx, applied, timestamp);
        List<TableChanges> changes = tx.commit();
        views.afterCommit(tx, changes);
        return changes;
    }

    /** A fresh instance of the module, started and limited like every other. */
    ModuleInstance startInstance() {
        return envFactory.start(code, limits);
    }

    HttpEgress http() {
        return http;
    }

    private ModuleInstance instance() {
        if (instance == null || instance.poisoned()) {
            instance = envFactory.start(code, limits);
        }
        return instance;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Runs {@code init} (if the module has one) as the owner; logs what SpacetimeDB logs on creation. */
    public TxResult init(Timestamp timestamp) {
        for (TableSchema t : schema.tables()) {
            systemLog(LogLevel.INFO, timestamp, "Creating table `" + t.name() + "`");
        }
        Optional<Integer> init = schema.lifecycleReducer(Lifecycle.INIT);
        if (init.isEmpty()) {
            systemLog(LogLevel.INFO, timestamp, "Database initialized");
            return new TxResult(TxOutcome.COMMITTED, List.of(), timestamp, 0);
        }
        systemLog(LogLevel.INFO, timestamp, "Invoking `init` reducer");
        TxResult r = runReducer(init.get(), new CallContext(owner, ConnectionId.ZERO, timestamp), new byte[0], null);
        if (r.outcome().committed()) {
            systemLog(LogLevel.INFO, timestamp, "Database initialized");
        }
        return r;
    }

    /**
     * Records a new client connection and runs {@code client_connected} in the same transaction.
     * If the hook fails the connection must be refused; nothing was recorded.
     */
    public TxResult connect(CallContext ctx, String jwtPayload) {
        long start = System.nanoTime();
        MutTx tx = datastore.begin();
        tx.insert(SystemTables.ST_CLIENT_ID, SystemTables.clientRow(ctx.caller(), ctx.connectionId()));
        tx.insert(SystemTables.ST_CONNECTION_CREDENTIALS_ID,
                SystemTables.credentialsRow(ctx.connectionId(), jwtPayload == null ? "{}" : jwtPayload));
        Optional<Integer> hook = schema.lifecycleReducer(Lifecycle.ON_CONNECT);
        if (hook.isEmpty()) {
            return commitResult(tx, ctx, start, "client_connected");
        }
        return runReducer(hook.get(), ctx, new byte[0], tx);
    }

    /**
     * Runs {@code client_disconnected} and forgets the client. If the hook fails its effects are
     * rolled back and the client is forgotten in a second transaction; either way it is gone.
     *
     * @return the results of the transactions that ran (none if the client was not connected)
     */
    public List<TxResult> disconnect(CallContext ctx) {
        byte[] clientRow = SystemTables.clientRow(ctx.caller(), ctx.connectionId());
        MutTx tx = datastore.begin();
        if (!tx.contains(SystemTables.ST_CLIENT_ID, new Row(clientRow))) {
            tx.rollback();
            return List.of();
        }
        Optional<Integer> hook = schema.lifecycleReducer(Lifecycle.ON_DISCONNECT);
        tx.rollback();
        if (hook.isEmpty()) {
            return List.of(forgetInOwnTransaction(ctx, clientRow));
        }
        TxResult hookResult = runReducer(hook.get(), ctx, new byte[0], null, t -> forgetClient(t, ctx, clientRow));
        if (hookResult.outcome().committed()) {
            return List.of(hookResult);
        }
        return List.of(hookResult, forgetInOwnTransaction(ctx, clientRow));
    }

    /**
     * Forgets a client in a transaction of its own, which always commits: if refreshing a view fails on
     * it, the client is forgotten without the refresh (the view catches up on its next refresh).
     */
    private TxResult forgetInOwnTransaction(CallContext ctx, byte[] clientRow) {
        MutTx cleanup = datastore.begin();
        forgetClient(cleanup, ctx, clientRow);
        try {
            return new TxResult(TxOutcome.COMMITTED, commit(cleanup, ctx.timestamp()), ctx.timestamp(), 0);
        } catch (ViewFailedException e) {
            LOG.warn("forgetting client {} of {} without refreshing views: {}", ctx.connectionId(), databaseIdentity,
                    e.getMessage());
            MutTx again = datastore.begin();
            forgetClient(again, ctx, clientRow);
            List<TableChanges> changes = again.commit();
            views.afterCommit(again, changes);
            scheduler.onCommit(datastore, changes, ctx.timestamp());
            return new TxResult(TxOutcome.COMMITTED, changes, ctx.timestamp(), 0);
        }
    }

    private void forgetClient(MutTx tx, CallContext ctx, byte[] clientRow) {
        views.release(tx, ctx.connectionId());
        tx.delete(SystemTables.ST_CLIENT_ID, new Row(clientRow));
        for (Row r : tx.indexPoint(SystemTables.ST_CREDENTIALS_INDEX_ID, ctx.connectionId().toLittleEndian())) {
            tx.delete(SystemTables.ST_CONNECTION_CREDENTIALS_ID, r);
        }
    }

    /** The connections recorded in {@code st_client}, e.g. to disconnect them all after a restart. */
    public List<CallContext> connectedClients(Timestamp timestamp) {
        List<CallContext> out = new ArrayList<>();
        for (Row r : datastore.table(SystemTables.ST_CLIENT_ID).rows()) {
            byte[] b = r.bytes();
            out.add(new CallContext(Identity.fromLittleEndian(java.util.Arrays.copyOfRange(b, 0, 32)),
                    ConnectionId.fromLittleEndian(java.util.Arrays.copyOfRange(b, 32, 48)), timestamp));
        }
        return out;
    }

    // ---------------------------------------------------------------- schedules

    /**
     * Fires one due schedule row: re-reads it (a deleted row was cancelled), calls its function as the
     * database with the row as argument at {@code max(now, due)}, then deletes a one-shot row or re-arms an
     * interval row (see {@link ScheduleFiring}).
     *
     * @return the transactions that ran, in order (none if the row is gone)
     */
    public List<TxResult> fireSchedule(ScheduledRow due, Timestamp now) {
        return scheduleFiring.fire(due, now);
    }

    // ---------------------------------------------------------------- reducers

    /**
     * Calls a reducer by name with BSATN arguments. Refuses lifecycle reducers, and private
     * (scheduled) reducers unless the caller is the owner, as SpacetimeDB does.
     */
    public TxResult callReducer(String name, CallContext ctx, byte[] args) {
        Optional<CallCheck.Refusal> refusal = CallCheck.reducerCall(schema, owner, ctx.caller(), name, args);
        if (refusal.isPresent()) {
            return refused(ctx, refusal.get().message());
        }
        return runReducer(schema.reducer(name).orElseThrow().id(), ctx, args, null);
    }

    /** Calls a reducer by id without visibility checks (for the system: schedules, replay). */
    public TxResult callReducer(int reducerId, CallContext ctx, byte[] args) {
        if (reducerId < 0 || reducerId >= schema.reducers().size()) {
            return refused(ctx, "no reducer with id " + reducerId);
        }
        return runReducer(reducerId, ctx, args, null);
    }

    private TxResult refused(CallContext ctx, String message) {
        return new TxResult(new TxOutcome.InternalError(message, message), List.of(), ctx.timestamp(), 0);
    }

    TxResult runReducer(int id, CallContext ctx, byte[] args, MutTx openTx) {
        return runReducer(id, ctx, args, openTx, null);
    }

    /**
     * Runs reducer {@code id} in {@code openTx} (or a new transaction); {@code beforeCommit} may add
     * host writes to a successful transaction, as disconnect does.
     */
    private TxResult runReducer(int id, CallContext ctx, byte[] args, MutTx openTx,
            java.util.function.Consumer<MutTx> beforeCommit) {
        long start = System.nanoTime();
        ReducerSchema reducer = schema.reducers().get(id);
        MutTx tx = openTx != null ? openTx : datastore.begin();
        CallResult result;
        try {
            result = instance().callReducer(id, reducer.name(), ctx, tx, args);
        } catch (ModuleLoadException e) {
            tx.rollback();
            return internal(ctx, start, reducer.name(), TxOutcome.FATAL_ERROR, e.getMessage());
        }
        if (result instanceof CallResult.Trapped trap) {
            tx.rollback();
            LOG.warn("reducer {} of {} trapped: {}", reducer.name(), databaseIdentity, trap.message());
            String shown = trap.timedOut() ? TxOutcome.OUT_OF_ENERGY : TxOutcome.FATAL_ERROR;
            return internal(ctx, start, reducer.name(), shown, trap.message());
        }
        CallResult.Returned ret = (CallResult.Returned) result;
        if (ret.code() == 0) {
            if (beforeCommit != null) {
                beforeCommit.accept(tx);
            }
            return commitResult(tx, ctx, start, reducer.name());
        }
        tx.rollback();
        if (ret.code() == 1) {
            String message = new String(ret.output(), StandardCharsets.UTF_8);
            log.append(new ModuleLogRecord(LogLevel.ERROR, ctx.timestamp().micros(), null, null, -1,
                    reducer.name(), message));
            return new TxResult(new TxOutcome.Failed(message), List.of(), ctx.timestamp(), micros(start));
        }
        return internal(ctx, start, reducer.name(), "reducer returned unexpected code " + ret.code(),
                new String(ret.output(), StandardCharsets.UTF_8));
    }

    TxResult internal(CallContext ctx, long start, String function, String message, String detail) {
        logInternalError(ctx, function, detail);
        return new TxResult(new TxOutcome.InternalError(message, detail), List.of(), ctx.timestamp(), micros(start));
    }

    void logInternalError(CallContext ctx, String function, String detail) {
        log.append(new ModuleLogRecord(LogLevel.ERROR, ctx.timestamp().micros(), ModuleLogRecord.SYSTEM,
                ModuleLogRecord.SYSTEM, -1, function, function + ": " + detail));
    }

    private void systemLog(LogLevel level, Timestamp ts, String message) {
        log.append(ModuleLogRecord.system(level, ts.micros(), message));
    }

    static long micros(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000;
    }

    // ---------------------------------------------------------------- procedures

    /**
     * Calls a procedure by name with BSATN arguments. Private (scheduled) procedures are refused
     * unless the caller is the owner. The procedure runs outside any transaction and commits its own
     * ({@code with_tx}); those commits stand whatever the outcome.
     */
    public ProcedureResult callProcedure(String name, CallContext ctx, byte[] args) {
        return callProcedure(name, ctx, args, directGate);
    }

    /**
     * Calls a procedure whose transactions go through {@code gate}. Safe to call from a thread other
     * than the writer's: procedures of one database run one at a time on their own instance.
     */
    public ProcedureResult callProcedure(String name, CallContext ctx, byte[] args, TransactionGate gate) {
        Optional<CallCheck.Refusal> refusal = CallCheck.procedureCall(schema, owner, ctx.caller(), name, args);
        if (refusal.isPresent()) {
            return refusedProcedure(ctx, refusal.get().message());
        }
        return procedures.run(schema.procedure(name).orElseThrow(), ctx, args, gate);
    }

    /**
     * Runs the HTTP handler with id {@code handlerId} (its position in the HttpHandlers section) like a
     * procedure: off the writer thread, on the procedures' instance, no transaction open, its transactions
     * through {@code gate}. {@code ctx.caller()} should be the zero identity (module-abi §6.6).
     */
    public HttpHandlerResult callHttpHandler(int handlerId, CallContext ctx, HttpHandlerRequest request,
            TransactionGate gate) {
        if (handlerId < 0 || handlerId >= schema.httpHandlers().size()) {
            throw new IllegalArgumentException("no HTTP handler with id " + handlerId);
        }
        return procedures.runHttpHandler(handlerId, schema.httpHandlers().get(handlerId), ctx, request, gate);
    }

    private static ProcedureResult refusedProcedure(CallContext ctx, String message) {
        return new ProcedureResult(new ProcedureOutcome.InternalError(message, message), List.of(), ctx.timestamp(), 0);
    }

    /**
     * Runs host-side writes (SQL DML) in one transaction as {@code ctx.caller()}: commits when
     * {@code body} returns, rolls back with its message when it throws a Lightcone error.
     */
    public TxResult hostTransaction(CallContext ctx, java.util.function.Consumer<MutTx> body) {
        long start = System.nanoTime();
        MutTx tx = datastore.begin();
        try {
            body.accept(tx);
        } catch (dev.lightcone.sats.LightconeException | IllegalArgumentException e) {
            tx.rollback();
            return new TxResult(new TxOutcome.Failed(e.getMessage()), List.of(), ctx.timestamp(), micros(start));
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
        return commitResult(tx, ctx, start, "sql");
    }

    /** Opens a transaction for reading or for host-side writes (SQL DML); the caller ends it. */
    public MutTx begin() {
        return datastore.begin();
    }

    /** The result of inserting a row as the host (not through a module), e.g. for tests. */
    public InsertResult insertAsHost(MutTx tx, String table, byte[] row) {
        return tx.insert(datastore.tableByName(table).id(), row);
    }
}
