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
import dev.lightcone.executor.host.HostEnv;
import dev.lightcone.executor.host.HostEnvFactory;
import dev.lightcone.executor.host.HttpEgress;
import dev.lightcone.executor.host.JdkHttpEgress;
import dev.lightcone.executor.host.ModuleCode;
import dev.lightcone.executor.host.ModuleInstance;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.executor.host.ProcedureSupport;
import dev.lightcone.executor.log.LogLevel;
import dev.lightcone.executor.log.ModuleLog;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.executor.schedule.ScheduleRows;
import dev.lightcone.executor.schedule.ScheduledRow;
import dev.lightcone.executor.schedule.Scheduler;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.moduledef.LightconeViewsSection;
import dev.lightcone.sats.moduledef.Lifecycle;
import dev.lightcone.sats.moduledef.ModuleDefValidator;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.ProcedureSchema;
import dev.lightcone.sats.moduledef.ReducerSchema;
import dev.lightcone.sats.moduledef.ScheduleSchema;
import dev.lightcone.sats.moduledef.SqlViewSchema;
import dev.lightcone.sats.moduledef.TableSchema;
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
     */
    public record Options(ExecutionMode mode, ExecutionLimits limits, int logCapacity, boolean allowLoopbackHttp) {
        public static final Options DEFAULT = new Options(ExecutionMode.COMPILED, ExecutionLimits.DEFAULT, 10_000,
                false);

        public Options(ExecutionMode mode, ExecutionLimits limits, int logCapacity) {
            this(mode, limits, logCapacity, false);
        }

        public Options withMode(ExecutionMode m) {
            return new Options(m, limits, logCapacity, allowLoopbackHttp);
        }

        public Options withLimits(ExecutionLimits l) {
            return new Options(mode, l, logCapacity, allowLoopbackHttp);
        }

        public Options withAllowLoopbackHttp(boolean allow) {
            return new Options(mode, limits, logCapacity, allow);
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
        ModuleLog log = new ModuleLog(databaseName, options.logCapacity());
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
        java.util.List<ImmediateCall> out = new java.util.ArrayList<>(immediateCalls);
        immediateCalls.clear();
        return out;
    }

    /** The schedule rows waiting to fire. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Commits and lets the scheduler see what changed; every commit of this host goes through here. */
    private List<TableChanges> commit(MutTx tx, Timestamp timestamp) {
        List<TableChanges> changes = tx.commit();
        scheduler.onCommit(datastore, changes, timestamp);
        return changes;
    }

    /** Procedures run on their own instance, so a procedure blocked in a sleep or HTTP call never holds up reducers. */
    private ModuleInstance procedureInstance;
    private final Object procedureLock = new Object();

    private ModuleInstance procedureInstance() {
        if (procedureInstance == null || procedureInstance.poisoned()) {
            procedureInstance = envFactory.start(code, limits);
        }
        return procedureInstance;
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
        scheduler.onCommit(datastore, changes, timestamp);
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
            return new TxResult(ReducerOutcome.COMMITTED, List.of(), timestamp, 0);
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
            return new TxResult(ReducerOutcome.COMMITTED, commit(tx, ctx.timestamp()), ctx.timestamp(), micros(start));
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
        if (hook.isEmpty()) {
            forgetClient(tx, ctx, clientRow);
            return List.of(new TxResult(ReducerOutcome.COMMITTED, commit(tx, ctx.timestamp()), ctx.timestamp(), 0));
        }
        tx.rollback();
        TxResult hookResult = runReducer(hook.get(), ctx, new byte[0], null, t -> forgetClient(t, ctx, clientRow));
        if (hookResult.outcome().committed()) {
            return List.of(hookResult);
        }
        MutTx cleanup = datastore.begin();
        forgetClient(cleanup, ctx, clientRow);
        return List.of(hookResult, new TxResult(ReducerOutcome.COMMITTED, commit(cleanup, ctx.timestamp()),
                ctx.timestamp(), 0));
    }

    private static void forgetClient(MutTx tx, CallContext ctx, byte[] clientRow) {
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
     * Fires one due schedule row: re-reads it (a deleted row was cancelled), calls its reducer as the
     * database with the row as argument at {@code max(now, due)}, then deletes a one-shot row in a
     * second transaction, or re-arms an unchanged interval row at its next tick. Whether the row is
     * one-shot or repeating is read from the row itself; only its table, id and due time are used
     * from {@code due}.
     *
     * @return the transactions that ran, in order (none if the row is gone)
     */
    public List<TxResult> fireSchedule(ScheduledRow due, Timestamp now) {
        var table = datastore.table(due.tableId());
        ScheduleSchema s = table.schema().schedule().orElseThrow();
        Timestamp ts = new Timestamp(Math.max(now.micros(), due.dueMicros()));
        MutTx tx = datastore.begin();
        Row row = findScheduleRow(tx, table, s, due.scheduleId());
        if (row == null) {
            tx.rollback();
            return List.of();
        }
        CallContext ctx = new CallContext(databaseIdentity, ConnectionId.ZERO, ts);
        if (s.isProcedure()) {
            return fireScheduledProcedure(due, table, s, row, tx, ctx);
        }
        Optional<ReducerSchema> reducer = schema.reducer(s.functionName());
        List<TxResult> out = new ArrayList<>();
        if (reducer.isEmpty()) {
            tx.rollback();
            out.add(internal(ctx, System.nanoTime(), s.functionName(), "scheduled function `" + s.functionName()
                    + "` is not a reducer this host can call", "no reducer of that name"));
        } else {
            out.add(runReducer(reducer.get().id(), ctx, row.bytes(), tx));
        }
        ScheduledRow asStored = ScheduleRows.read(table, s, row, ts.micros());
        if (!asStored.repeating()) {
            MutTx cleanup = datastore.begin();
            Row still = findScheduleRow(cleanup, table, s, due.scheduleId());
            if (still != null) {
                cleanup.delete(table.id(), still);
                out.add(new TxResult(ReducerOutcome.COMMITTED, commit(cleanup, ts), ts, 0));
            } else {
                cleanup.rollback();
            }
        } else if (table.contains(row)) {
            // Unchanged by the reducer: next tick on the grid of the intended time. A changed row was
            // re-armed by the commit already.
            scheduler.arm(new ScheduledRow(due.tableId(), due.scheduleId(),
                    Scheduler.nextTick(due.dueMicros(), asStored.intervalMicros(), ts.micros()),
                    asStored.intervalMicros()));
        }
        return out;
    }

    /**
     * Fires a schedule row that targets a procedure. A procedure is not retried, so a one-shot row is
     * deleted (and that deletion committed) before it runs; an interval row stays and is re-armed.
     * {@code tx} holds the row as just re-read.
     */
    private List<TxResult> fireScheduledProcedure(ScheduledRow due, dev.lightcone.executor.datastore.Table table,
            ScheduleSchema s, Row row, MutTx tx, CallContext ctx) {
        List<TxResult> out = new ArrayList<>();
        ScheduledRow asStored = ScheduleRows.read(table, s, row, ctx.timestamp().micros());
        if (asStored.repeating()) {
            tx.rollback();
        } else {
            tx.delete(table.id(), row);
            out.add(new TxResult(ReducerOutcome.COMMITTED, commit(tx, ctx.timestamp()), ctx.timestamp(), 0));
        }
        ProcedureSchema procedure = schema.procedure(s.functionName()).orElseThrow();
        // Fired on the writer thread: its transactions commit directly and are recorded as this
        // firing's effects (re-execution without effects would run the procedure again).
        ProcedureResult r;
        synchronized (procedureLock) {
            r = runProcedure(procedure, ctx, row.bytes(), directGate);
        }
        out.addAll(r.transactions());
        if (r.outcome() instanceof ProcedureOutcome.InternalError e) {
            out.add(new TxResult(new ReducerOutcome.InternalError(e.message(), e.detail()), List.of(), ctx.timestamp(),
                    r.durationMicros()));
        }
        if (asStored.repeating() && table.contains(row)) {
            // Unchanged by the procedure: next tick on the grid. A changed row was re-armed by its commit.
            scheduler.arm(new ScheduledRow(due.tableId(), due.scheduleId(),
                    Scheduler.nextTick(due.dueMicros(), asStored.intervalMicros(), ctx.timestamp().micros()),
                    asStored.intervalMicros()));
        }
        return out;
    }

    /** The schedule row with this id, through the id column's index (validation guarantees the key). */
    private static Row findScheduleRow(MutTx tx, dev.lightcone.executor.datastore.Table table, ScheduleSchema s, long id) {
        for (var idx : table.schema().indexes()) {
            if (idx.columns().equals(List.of(s.idColumn()))) {
                List<Row> rows = tx.indexPoint(idx.indexId(), new dev.lightcone.sats.bsatn.BsatnWriter(8).writeU64(id)
                        .toByteArray());
                return rows.isEmpty() ? null : rows.get(0);
            }
        }
        for (Row r : tx.scan(table.id())) {
            if (ScheduleRows.scheduleId(table, s, r) == id) {
                return r;
            }
        }
        return null;
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
        return new TxResult(new ReducerOutcome.InternalError(message, message), List.of(), ctx.timestamp(), 0);
    }

    private TxResult runReducer(int id, CallContext ctx, byte[] args, MutTx openTx) {
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
            return internal(ctx, start, reducer.name(), ReducerOutcome.FATAL_ERROR, e.getMessage());
        }
        if (result instanceof CallResult.Trapped trap) {
            tx.rollback();
            LOG.warn("reducer {} of {} trapped: {}", reducer.name(), databaseIdentity, trap.message());
            String shown = trap.timedOut() ? ReducerOutcome.OUT_OF_ENERGY : ReducerOutcome.FATAL_ERROR;
            return internal(ctx, start, reducer.name(), shown, trap.message());
        }
        CallResult.Returned ret = (CallResult.Returned) result;
        if (ret.code() == 0) {
            if (beforeCommit != null) {
                beforeCommit.accept(tx);
            }
            List<TableChanges> changes = commit(tx, ctx.timestamp());
            return new TxResult(ReducerOutcome.COMMITTED, changes, ctx.timestamp(), micros(start));
        }
        tx.rollback();
        if (ret.code() == 1) {
            String message = new String(ret.output(), StandardCharsets.UTF_8);
            log.append(new ModuleLogRecord(LogLevel.ERROR, ctx.timestamp().micros(), null, null, -1,
                    reducer.name(), message));
            return new TxResult(new ReducerOutcome.Failed(message), List.of(), ctx.timestamp(), micros(start));
        }
        return internal(ctx, start, reducer.name(), "reducer returned unexpected code " + ret.code(),
                new String(ret.output(), StandardCharsets.UTF_8));
    }

    private TxResult internal(CallContext ctx, long start, String function, String message, String detail) {
        logInternalError(ctx, function, detail);
        return new TxResult(new ReducerOutcome.InternalError(message, detail), List.of(), ctx.timestamp(), micros(start));
    }

    private void logInternalError(CallContext ctx, String function, String detail) {
        log.append(new ModuleLogRecord(LogLevel.ERROR, ctx.timestamp().micros(), ModuleLogRecord.SYSTEM,
                ModuleLogRecord.SYSTEM, -1, function, function + ": " + detail));
    }

    private void systemLog(LogLevel level, Timestamp ts, String message) {
        log.append(ModuleLogRecord.system(level, ts.micros(), message));
    }

    private static long micros(long startNanos) {
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
        Optional<ProcedureSchema> p = schema.procedure(name);
        synchronized (procedureLock) {
            return runProcedure(p.get(), ctx, args, gate);
        }
    }

    private static ProcedureResult refusedProcedure(CallContext ctx, String message) {
        return new ProcedureResult(new ProcedureOutcome.InternalError(message, message), List.of(), ctx.timestamp(), 0);
    }

    private ProcedureResult runProcedure(ProcedureSchema p, CallContext ctx, byte[] args, TransactionGate gate) {
        long start = System.nanoTime();
        ProcedureRun run = new ProcedureRun(ctx.timestamp(), start, gate);
        CallResult result;
        try {
            result = procedureInstance().callProcedure(p.id(), p.name(), ctx, run, args);
        } catch (ModuleLoadException e) {
            return procedureError(ctx, start, p.name(), run, ReducerOutcome.FATAL_ERROR, e.getMessage());
        }
        if (result instanceof CallResult.Trapped trap) {
            LOG.warn("procedure {} of {} trapped: {}", p.name(), databaseIdentity, trap.message());
            String shown = trap.timedOut() ? ReducerOutcome.OUT_OF_ENERGY : ReducerOutcome.FATAL_ERROR;
            return procedureError(ctx, start, p.name(), run, shown, trap.message());
        }
        CallResult.Returned ret = (CallResult.Returned) result;
        if (ret.code() != 0) {
            return procedureError(ctx, start, p.name(), run, "procedure returned unexpected code " + ret.code(),
                    new String(ret.output(), StandardCharsets.UTF_8));
        }
        try {
            Bsatn.validate(ret.output(), p.returnType(), schema.typespace());
        } catch (BsatnDecodeException e) {
            return procedureError(ctx, start, p.name(), run, "procedure returned a value that is not its return type",
                    e.getMessage());
        }
        return new ProcedureResult(new ProcedureOutcome.Returned(ret.output()), run.committed, ctx.timestamp(),
                micros(start));
    }

    private ProcedureResult procedureError(CallContext ctx, long start, String function, ProcedureRun run,
            String message, String detail) {
        logInternalError(ctx, function, detail);
        return new ProcedureResult(new ProcedureOutcome.InternalError(message, detail), run.committed,
                ctx.timestamp(), micros(start));
    }

    /**
     * One procedure call's transactions: each {@code with_tx} opens one here, and its commit goes
     * through {@link #commit} (so schedules are armed) and is recorded as a {@link TxResult}.
     * Procedures are not deterministic: time is the call's timestamp plus the real time elapsed,
     * and each transaction gets a timestamp later than the one before.
     */
    private final class ProcedureRun implements ProcedureSupport {
        private final Timestamp callTimestamp;
        private final long startNanos;
        private final TransactionGate gate;
        private final List<TxResult> committed = new ArrayList<>();
        private Timestamp txTimestamp;
        private long txStartNanos;

        ProcedureRun(Timestamp callTimestamp, long startNanos, TransactionGate gate) {
            this.callTimestamp = callTimestamp;
            this.startNanos = startNanos;
            this.gate = gate;
        }

        @Override
        public StartedTx startMutTx() {
            MutTx tx = gate.open();
            long micros = now().micros();
            if (txTimestamp != null && micros <= txTimestamp.micros()) {
                micros = txTimestamp.micros() + 1;
            }
            txTimestamp = new Timestamp(micros);
            txStartNanos = System.nanoTime();
            return new StartedTx(tx, txTimestamp);
        }

        @Override
        public void commitMutTx(MutTx tx) {
            committed.add(new TxResult(ReducerOutcome.COMMITTED, gate.commit(tx, txTimestamp), txTimestamp,
                    micros(txStartNanos)));
        }

        @Override
        public void abortMutTx(MutTx tx) {
            gate.abort(tx);
        }

        @Override
        public Timestamp now() {
            return new Timestamp(callTimestamp.micros() + (System.nanoTime() - startNanos) / 1_000);
        }

        @Override
        public HttpEgress http() {
            return http;
        }
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
            return new TxResult(new ReducerOutcome.Failed(e.getMessage()), List.of(), ctx.timestamp(), micros(start));
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
        return new TxResult(ReducerOutcome.COMMITTED, commit(tx, ctx.timestamp()), ctx.timestamp(), micros(start));
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
