package dev.lightcone.executor.writer;

import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.LoggedEffect;
import dev.lightcone.commitlog.blob.BlobStore;
import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.ClientConnected;
import dev.lightcone.commitlog.record.ClientDisconnected;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.commitlog.record.CommittedEffects;
import dev.lightcone.commitlog.record.ContentHash;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.commitlog.record.RunSql;
import dev.lightcone.commitlog.record.ScheduleFire;
import dev.lightcone.commitlog.snapshot.Snapshot;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.ReducerOutcome;
import dev.lightcone.executor.TxEffect;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Sequence;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.executor.schedule.ScheduledRow;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one database. A dedicated thread reads the command log in offset order and
 * applies each record to the {@link ModuleHost}; nothing else changes the database. For every
 * command it appends the command's effects to the effect log, tells {@link #onApplied} listeners at
 * once and {@link #onDurable} listeners once the record is durable (confirmed reads), and
 * periodically hands a snapshot image to a background thread.
 *
 * <p>Recovery on {@link #open}: the newest valid snapshot, then the recorded effects after it
 * (no WebAssembly runs), then re-execution of the commands after the last recorded effect.
 */
public final class DatabaseWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWriter.class);

    /**
     * @param databaseIdentity the database's identity
     * @param name             a name for logs and threads
     * @param host             how modules are loaded and limited
     * @param snapshotEvery    take a snapshot every this many commands (0: only after publishes)
     * @param clock            wall clock for schedule firings and restart handling
     * @param disconnectStale  after recovery, disconnect the clients that were connected when the
     *                         process stopped (by appending {@code ClientDisconnected} records)
     * @param sqlDml           how {@code RunSql} records run
     */
    public record Options(Identity databaseIdentity, String name, ModuleHost.Options host, int snapshotEvery,
            Clock clock, boolean disconnectStale, SqlDml sqlDml) {
        public static Options of(Identity databaseIdentity, String name) {
            return new Options(databaseIdentity, name, ModuleHost.Options.DEFAULT, 10_000, Clock.systemUTC(), true,
                    SqlDml.NONE);
        }

        public Options withSnapshotEvery(int n) {
            return new Options(databaseIdentity, name, host, n, clock, disconnectStale, sqlDml);
        }

        public Options withHost(ModuleHost.Options h) {
            return new Options(databaseIdentity, name, h, snapshotEvery, clock, disconnectStale, sqlDml);
        }

        public Options withClock(Clock c) {
            return new Options(databaseIdentity, name, host, snapshotEvery, c, disconnectStale, sqlDml);
        }

        public Options withDisconnectStale(boolean d) {
            return new Options(databaseIdentity, name, host, snapshotEvery, clock, d, sqlDml);
        }

        /** How logged SQL DML statements run (the SQL engine is above the executor). */
        public Options withSqlDml(SqlDml dml) {
            return new Options(databaseIdentity, name, host, snapshotEvery, clock, disconnectStale, dml);
        }
    }

    private WriterStorage storage;
    private final Options options;
    private final List<Consumer<AppliedCommand>> appliedListeners = new CopyOnWriteArrayList<>();
    private final Releaser releaser;
    private final ExecutorService snapshotter;
    private final Map<SnapshotCodec.ScheduleId, Long> lastFired = new TreeMap<>();
    private final Map<String, SequenceState> knownSequences = new HashMap<>();
    private volatile ModuleHost host;
    private String moduleBlob = "";
    private volatile long applied = -1;
    private long sinceSnapshot;
    private Thread thread;
    private volatile boolean running;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private WriterMetrics metrics;
    /** Every append to the command log happens under this lock; a procedure transaction holds it throughout. */
    private final Object appendLock = new Object();
    private LogTailer<LoggedCommand> tailer;
    /** Procedure transactions committed live, by offset, with their effect payload: applied already. */
    private final Map<Long, PreApplied> preApplied = new HashMap<>();

    private record PreApplied(AppliedCommand command, byte[] payload) {
    }

    private DatabaseWriter(WriterStorage storage, Options options) {
        this.storage = storage;
        this.options = options;
        this.releaser = new Releaser(storage.commands(), options.name());
        this.snapshotter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lightcone-snapshot-" + options.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Recovers the database from {@code storage} and starts the writer thread. */
    public static DatabaseWriter open(WriterStorage storage, Options options) {
        DatabaseWriter w = new DatabaseWriter(storage, options);
        LogTailer<LoggedCommand> tailer = w.recover();
        w.start(tailer);
        if (options.disconnectStale() && w.host != null) {
            // Clients of the previous run are gone; their disconnect hooks run through the log.
            synchronized (w.appendLock) {
                for (CallContext c : w.host.connectedClients(w.now())) {
                    w.storage.commands().append(new ClientDisconnected(c.caller(), c.connectionId(), w.now()));
                }
            }
        }
        return w;
    }

    /** Listeners called on the writer thread as soon as a command is applied (unconfirmed reads). */
    public Runnable onApplied(Consumer<AppliedCommand> listener) {
        appliedListeners.add(listener);
        return () -> appliedListeners.remove(listener);
    }

    /** Listeners called, in offset order on one release thread, once a command's record is durable. */
    public Runnable onDurable(Consumer<AppliedCommand> listener) {
        return releaser.add(listener);
    }

    /** The module host, or empty before the first publish. Read it only on the writer thread or via {@link #read}. */
    public Optional<ModuleHost> host() {
        return Optional.ofNullable(host);
    }

    /** The offset of the last applied command, -1 if none. */
    public long appliedOffset() {
        return applied;
    }

    public WriterStorage storage() {
        return storage;
    }

    // ---------------------------------------------------------------- recovery

    private LogTailer<LoggedCommand> recover() {
        long start = System.nanoTime();
        if (storage.effects().lastCommandOffset() >= storage.commands().endOffset()) {
            // Effects of commands the log no longer has (a cut tail): the derived log is rebuilt.
            LOG.warn("effect log of database {} runs past the command log (effect {} >= end {}); rebuilding it",
                    options.name(), storage.effects().lastCommandOffset(), storage.commands().endOffset());
            storage = storage.withFreshEffects();
        }
        Optional<Snapshot> snap = storage.snapshots() == null ? Optional.empty()
                : storage.snapshots().readLatestValid(storage.commands().endOffset() - 1);
        snap.ifPresent(this::restore);
        long fromSnapshot = applied;
        LogTailer<LoggedCommand> commands = storage.commands().tail(Math.max(applied + 1, storage.commands().firstOffset()));
        int fromEffects = 0;
        try (LogTailer<LoggedEffect> effects = storage.effects().tailFromCommand(applied + 1)) {
            for (LoggedEffect e = effects.poll(); e != null; e = effects.poll()) {
                LoggedCommand c = commands.poll();
                if (c == null || c.offset() != e.commandOffset()) {
                    throw new IllegalStateException("effect log out of step with the command log at offset "
                            + e.commandOffset() + " (command " + (c == null ? "missing" : c.offset()) + ")");
                }
                redo(c, EffectCodec.decode(e.payload()));
                applied = c.offset();
                fromEffects++;
            }
        }
        int reexecuted = 0;
        for (LoggedCommand c = commands.poll(); c != null; c = commands.poll()) {
            apply(c, false);
            reexecuted++;
        }
        if (host != null) {
            host.scheduler().armAll(host.datastore(), now());
        }
        LOG.info("database {} recovered to offset {} in {} ms: snapshot at {}, {} commands from effects, {} re-executed",
                options.name(), applied, (System.nanoTime() - start) / 1_000_000, fromSnapshot, fromEffects, reexecuted);
        return commands;
    }

    private void restore(Snapshot s) {
        SnapshotCodec.Image image = SnapshotCodec.decode(s);
        byte[] module = storage.blobs().get(parseHash(image.moduleBlob()))
                .orElseThrow(() -> new IllegalStateException("snapshot refers to missing module blob " + image.moduleBlob()));
        host = ModuleHost.load(module, options.databaseIdentity(), image.owner(), options.name(), options.host());
        moduleBlob = image.moduleBlob();
        for (Map.Entry<Integer, Row[]> t : image.tables().entrySet()) {
            host.datastore().load(t.getKey(), java.util.Arrays.asList(t.getValue()));
        }
        restoreSequences(image.sequences());
        lastFired.putAll(image.lastFired());
        applied = image.offset();
    }

    /** Redoes a recorded command from its effects, without running the module (only loading it on publish). */
    private void redo(LoggedCommand c, CommandEffects effects) {
        if (effects.error() != null) {
            return;
        }
        if (c.command() instanceof PublishModule p) {
            boolean fresh = host == null || p.clear();
            loadModule(p, !fresh);
        }
        for (CommandEffects.Tx tx : effects.transactions()) {
            if (tx.committed()) {
                host.datastore().apply(tx.changes());
            }
        }
        restoreSequences(effects.sequences());
        if (effects.fired() != null) {
            ScheduleKey k = effects.fired();
            lastFired.put(new SnapshotCodec.ScheduleId(k.tableId(), k.scheduleId()), k.intendedMicros());
        }
    }

    private void restoreSequences(List<SequenceState> states) {
        for (SequenceState s : states) {
            Table t = host.datastore().table(s.tableId());
            for (Sequence seq : t.sequences()) {
                if (seq.schema().column() == s.column()) {
                    seq.restore(s.next(), s.exhausted());
                }
            }
            knownSequences.put(s.tableId() + ":" + s.column(), s);
        }
    }

    // ---------------------------------------------------------------- the loop

    /** The lock every appender to this database's command log must hold while appending. */
    public Object appendLock() {
        return appendLock;
    }

    private void start(LogTailer<LoggedCommand> tailer) {
        this.tailer = tailer;
        metrics = new WriterMetrics(io.micrometer.core.instrument.Metrics.globalRegistry, options.name(),
                storage.commands(), () -> applied);
        running = true;
        thread = new Thread(() -> loop(tailer), "lightcone-writer-" + options.name());
        thread.start();
        releaser.start();
    }

    private void loop(LogTailer<LoggedCommand> tailer) {
        try {
            while (running) {
                runTasks();
                LoggedCommand c = tailer.poll(2, TimeUnit.MILLISECONDS);
                if (c != null) {
                    apply(c, true);
                } else {
                    fireDueSchedules();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("writer of database {} stopped at offset {}", options.name(), applied + 1, e);
        } finally {
            tailer.close();
            stopped.countDown();
        }
    }

    private void runTasks() {
        for (Runnable t = tasks.poll(); t != null; t = tasks.poll()) {
            try {
                t.run();
            } catch (RuntimeException e) {
                LOG.error("task on the writer thread of database {} failed", options.name(), e);
            }
        }
    }

    /**
     * Runs {@code task} on the writer thread between two commands, where it sees a committed state
     * consistent with {@link #appliedOffset()}: how subscriptions take their initial rows and SQL reads run.
     */
    public <T> java.util.concurrent.CompletableFuture<T> submit(java.util.function.Supplier<T> task) {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        tasks.add(() -> {
            try {
                f.complete(task.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        if (!running) {
            f.completeExceptionally(new IllegalStateException("the writer of " + options.name() + " is stopped"));
        }
        return f;
    }

    /** Turns due schedules into firing records; the firing itself happens when the record is applied. */
    private void fireDueSchedules() {
        ModuleHost h = host;
        if (h == null || h.scheduler().nextDueMicros() > now().micros()) {
            return;
        }
        Timestamp now = now();
        for (ScheduledRow due : h.scheduler().takeDue(now)) {
            String table = h.datastore().table(due.tableId()).name();
            synchronized (appendLock) {
                storage.commands().append(new ScheduleFire(due.tableId(), table, due.scheduleId(),
                        new Timestamp(due.dueMicros()), now));
            }
        }
    }

    private Timestamp now() {
        return Timestamp.ofInstant(options.clock().instant());
    }

    /** Applies one command; {@code live} is false while recovering (no listeners yet, no snapshots). */
    private void apply(LoggedCommand c, boolean live) {
        PreApplied pre = preApplied.remove(c.offset());
        if (pre != null) {
            // A procedure transaction this writer committed while holding the append lock.
            storage.effects().append(c.offset(), pre.payload());
            applied = c.offset();
            publish(pre.command(), c.command(), live);
            return;
        }
        List<TxResult> results = new ArrayList<>();
        String error = null;
        ScheduleKey fired = null;
        Command cmd = c.command();
        try {
            if (cmd instanceof PublishModule p) {
                error = publish(p, results);
            } else if (host == null) {
                error = "the database has no module yet";
            } else if (cmd instanceof CallReducer r) {
                results.add(host.callReducer(r.reducer(), new CallContext(r.caller(), r.connectionId(), r.timestamp()),
                        r.args()));
            } else if (cmd instanceof ClientConnected cc) {
                results.add(host.connect(new CallContext(cc.identity(), cc.connectionId(), cc.timestamp()), cc.jwtPayload()));
            } else if (cmd instanceof ClientDisconnected cd) {
                results.addAll(host.disconnect(new CallContext(cd.identity(), cd.connectionId(), cd.timestamp())));
            } else if (cmd instanceof ScheduleFire f) {
                fired = fire(f, results);
            } else if (cmd instanceof RunSql q) {
                results.add(options.sqlDml().execute(host, new CallContext(q.caller(), ConnectionId.ZERO, q.timestamp()),
                        q.sql()));
            } else if (cmd instanceof CommittedEffects ce) {
                results.add(applyCommittedEffects(ce));
            }
        } catch (ModuleLoadException e) {
            error = e.getMessage();
        }
        List<TxEffect> txs = effects(c, results);
        CommandEffects recorded = new CommandEffects(txs.stream()
                .map(t -> new CommandEffects.Tx(t.timestamp().micros(), t.committed(), t.changes())).toList(),
                changedSequences(), fired, error);
        storage.effects().append(c.offset(), EffectCodec.encode(recorded));
        applied = c.offset();
        AppliedCommand out = new AppliedCommand(c.offset(), cmd, txs, error);
        queueImmediateCallsThenPublish(out, cmd, live);
    }

    private void queueImmediateCallsThenPublish(AppliedCommand out, Command cmd, boolean live) {
        if (host != null) {
            // volatile_nonatomic_schedule_immediate: new calls by the database, ordered in the log like any other.
            // Re-executed during recovery they are dropped: the first run logged them, or they are lost, as
            // "volatile, non-atomic" allows.
            for (ModuleHost.ImmediateCall call : host.drainImmediateCalls()) {
                if (live) {
                    synchronized (appendLock) {
                        storage.commands().append(new CallReducer(options.databaseIdentity(), ConnectionId.ZERO, 0,
                                cmd.timestamp(), call.reducer(), call.args()));
                    }
                }
            }
        }
        publish(out, cmd, live);
    }

    /** Hands an applied command downstream and takes a snapshot when one is due. */
    private void publish(AppliedCommand out, Command cmd, boolean live) {
        if (live) {
            metrics.record(out.transactions());
            for (Consumer<AppliedCommand> l : appliedListeners) {
                l.accept(out);
            }
            releaser.submit(out);
            if (++sinceSnapshot >= options.snapshotEvery() && options.snapshotEvery() > 0
                    || cmd instanceof PublishModule) {
                snapshot();
            }
        }
    }

    /** Redoes a procedure transaction recorded by another writer (or before a restart without effects). */
    private TxResult applyCommittedEffects(CommittedEffects ce) {
        CommandEffects e = EffectCodec.decode(ce.effects());
        List<dev.lightcone.executor.datastore.TableChanges> named = new ArrayList<>();
        for (CommandEffects.Tx tx : e.transactions()) {
            for (var tc : tx.changes()) {
                Table t = host.datastore().table(tc.tableId());
                named.add(new dev.lightcone.executor.datastore.TableChanges(t.id(), t.name(), t.schema().isEvent(),
                        tc.inserts(), tc.deletes()));
            }
        }
        host.datastore().apply(named);
        restoreSequences(e.sequences());
        return new TxResult(ReducerOutcome.COMMITTED, named, ce.timestamp(), 0);
    }

    // ---------------------------------------------------------------- procedure transactions

    /**
     * A gate for a procedure called by {@code caller}: each transaction runs while this writer is
     * parked holding the append lock, after it has applied every record in the log, and its commit is
     * appended as a {@code CommittedEffects} record right then, so the log order is the order in which
     * the changes were made. Use it from a thread other than the writer's.
     */
    public dev.lightcone.executor.TransactionGate procedureGate(Identity caller) {
        return new ProcedureGate(caller);
    }

    private final class ProcedureGate implements dev.lightcone.executor.TransactionGate {
        private final Identity caller;
        private final java.util.concurrent.SynchronousQueue<Object> toWriter = new java.util.concurrent.SynchronousQueue<>();
        private final java.util.concurrent.SynchronousQueue<Object> fromWriter = new java.util.concurrent.SynchronousQueue<>();
        private static final String ABORT = "abort";

        ProcedureGate(Identity caller) {
            this.caller = caller;
        }

        @Override
        public dev.lightcone.executor.datastore.MutTx open() {
            submit(() -> {
                hold();
                return null;
            });
            Object first = take();
            if (first instanceof RuntimeException e) {
                throw e;
            }
            return (dev.lightcone.executor.datastore.MutTx) first;
        }

        /** On the writer thread: catch up with the log, open a transaction, wait for the procedure's decision. */
        private void hold() {
            synchronized (appendLock) {
                dev.lightcone.executor.datastore.MutTx tx;
                try {
                    for (LoggedCommand c = tailer.poll(); c != null; c = tailer.poll()) {
                        apply(c, true);
                    }
                    tx = host.datastore().begin();
                } catch (RuntimeException e) {
                    give(e);
                    return;
                }
                give(tx);
                Object decision;
                try {
                    decision = toWriter.poll(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    decision = null;
                }
                if (!(decision instanceof Timestamp ts)) {
                    tx.rollback();
                    if (decision != null) {
                        give(ABORT);
                    }
                    return;
                }
                long start = System.nanoTime();
                List<dev.lightcone.executor.datastore.TableChanges> pending = tx.changes();
                List<SequenceState> seqs = changedSequences();
                byte[] payload = EffectCodec.encode(new CommandEffects(
                        List.of(new CommandEffects.Tx(ts.micros(), true, pending)), seqs, null, null));
                CommittedEffects record = new CommittedEffects(ts, payload);
                long offset = storage.commands().append(record);
                List<dev.lightcone.executor.datastore.TableChanges> committed = host.commitProcedureTransaction(tx, ts);
                TxEffect effect = new TxEffect(offset, 0, ts, caller, ConnectionId.ZERO, "procedure",
                        ReducerOutcome.COMMITTED, committed, (System.nanoTime() - start) / 1_000);
                preApplied.put(offset, new PreApplied(new AppliedCommand(offset, record, List.of(effect), null), payload));
                give(committed);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<dev.lightcone.executor.datastore.TableChanges> commit(dev.lightcone.executor.datastore.MutTx tx,
                Timestamp timestamp) {
            put(timestamp);
            return (List<dev.lightcone.executor.datastore.TableChanges>) take();
        }

        @Override
        public void abort(dev.lightcone.executor.datastore.MutTx tx) {
            put(ABORT);
            take();
        }

        private void give(Object o) {
            try {
                fromWriter.put(o);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void put(Object o) {
            try {
                toWriter.put(o);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ending a procedure transaction", e);
            }
        }

        private Object take() {
            try {
                return fromWriter.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the writer", e);
            }
        }
    }

    private List<TxEffect> effects(LoggedCommand c, List<TxResult> results) {
        Identity caller = Identity.ZERO;
        ConnectionId conn = ConnectionId.ZERO;
        String function = null;
        Command cmd = c.command();
        if (cmd instanceof CallReducer r) {
            caller = r.caller();
            conn = r.connectionId();
            function = r.reducer();
        } else if (cmd instanceof ClientConnected cc) {
            caller = cc.identity();
            conn = cc.connectionId();
            function = "client_connected";
        } else if (cmd instanceof ClientDisconnected cd) {
            caller = cd.identity();
            conn = cd.connectionId();
            function = "client_disconnected";
        } else if (cmd instanceof ScheduleFire f) {
            caller = options.databaseIdentity();
            function = f.tableName();
        } else if (cmd instanceof PublishModule p) {
            caller = p.owner();
            function = "init";
        } else if (cmd instanceof RunSql q) {
            caller = q.caller();
            function = "sql";
        }
        List<TxEffect> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            TxResult r = results.get(i);
            out.add(new TxEffect(c.offset(), i, r.timestamp(), caller, conn, function, r.outcome(), r.changes(),
                    r.durationMicros()));
        }
        return out;
    }

    private List<SequenceState> changedSequences() {
        if (host == null) {
            return List.of();
        }
        List<SequenceState> changed = new ArrayList<>();
        for (Table t : host.datastore().tables()) {
            for (Sequence s : t.sequences()) {
                String key = t.id() + ":" + s.schema().column();
                SequenceState now = new SequenceState(t.id(), s.schema().column(), s.peek(), s.exhausted());
                SequenceState before = knownSequences.get(key);
                if (before == null ? !s.peek().equals(s.schema().start()) || s.exhausted() : !before.equals(now)) {
                    changed.add(now);
                    knownSequences.put(key, now);
                }
            }
        }
        return changed;
    }

    // ---------------------------------------------------------------- commands

    /** Loads a published module: a new database (or a cleared one) runs {@code init}; otherwise an update. */
    private String publish(PublishModule p, List<TxResult> results) {
        ModuleHost previous = host;
        String previousBlob = moduleBlob;
        boolean fresh = previous == null || p.clear();
        loadModule(p, !fresh);
        if (fresh) {
            TxResult init = host.init(p.timestamp());
            results.add(init);
            if (!init.outcome().committed()) {
                host = previous;
                moduleBlob = previousBlob;
                knownSequences.clear();
                return "init failed: " + describe(init.outcome());
            }
        }
        return null;
    }

    /** Loads the module of a publish record; {@code keepData} moves the current tables' rows into it. */
    private void loadModule(PublishModule p, boolean keepData) {
        byte[] bytes = moduleBytes(p.module());
        ModuleHost next = ModuleHost.load(bytes, options.databaseIdentity(), p.owner(), options.name(), options.host());
        if (keepData && host != null) {
            migrate(host, next);
        }
        if (storage.blobs() != null) {
            moduleBlob = storage.blobs().put(bytes, ContentHash.Algorithm.BLAKE3).toString();
        }
        knownSequences.clear();
        host = next;
    }

    /**
     * Moves every row from the old module's tables into the new module's tables of the same name and
     * row type. Tables whose row type changed are refused; see the compatibility table in the docs.
     */
    private static void migrate(ModuleHost from, ModuleHost to) {
        Map<String, Table> target = new LinkedHashMap<>();
        for (Table t : to.datastore().tables()) {
            target.put(t.name(), t);
        }
        for (Table old : from.datastore().tables()) {
            Table t = target.get(old.name());
            if (t == null) {
                if (old.size() > 0 && old.id() >= dev.lightcone.sats.moduledef.ModuleSchema.FIRST_USER_TABLE_ID) {
                    throw new ModuleLoadException("the update removes table `" + old.name() + "`, which holds rows");
                }
                continue;
            }
            if (!t.schema().rowType().equals(old.schema().rowType())) {
                throw new ModuleLoadException("the update changes the columns of table `" + old.name()
                        + "`; this needs a manual migration or publishing with clear");
            }
            to.datastore().load(t.id(), old.rows());
            for (Sequence s : t.sequences()) {
                for (Sequence o : old.sequences()) {
                    if (o.schema().column() == s.schema().column()) {
                        s.restore(o.peek(), o.exhausted());
                    }
                }
            }
        }
    }

    private byte[] moduleBytes(ModuleSource source) {
        if (source instanceof ModuleSource.Inline i) {
            return i.bytes();
        }
        ContentHash hash = ((ModuleSource.Stored) source).hash();
        if (storage.blobs() == null) {
            throw new ModuleLoadException("module " + hash + " is stored by hash but this database has no blob store");
        }
        return storage.blobs().get(hash).orElseThrow(() -> new ModuleLoadException("module blob " + hash + " is missing"));
    }

    private static ContentHash parseHash(String s) {
        int colon = s.indexOf(':');
        return new ContentHash(ContentHash.Algorithm.valueOf(s.substring(0, colon).toUpperCase(java.util.Locale.ROOT)),
                s.substring(colon + 1));
    }

    /** Fires a schedule row once per (table, id, intended time), however many records ask for it. */
    private ScheduleKey fire(ScheduleFire f, List<TxResult> results) {
        SnapshotCodec.ScheduleId id = new SnapshotCodec.ScheduleId(f.tableId(), f.scheduleId());
        long intended = f.intendedTime().micros();
        Long last = lastFired.get(id);
        if (last != null && last >= intended) {
            return null;
        }
        host.scheduler().cancel(f.tableId(), f.scheduleId());
        results.addAll(host.fireSchedule(new ScheduledRow(f.tableId(), f.scheduleId(), intended, 0), f.timestamp()));
        lastFired.put(id, intended);
        return new ScheduleKey(f.tableId(), f.scheduleId(), intended);
    }

    private static String describe(ReducerOutcome o) {
        if (o instanceof ReducerOutcome.Failed f) {
            return f.message();
        }
        if (o instanceof ReducerOutcome.InternalError e) {
            return e.message() + " (" + e.detail() + ")";
        }
        return "committed";
    }

    // ---------------------------------------------------------------- snapshots

    /** Captures the state on the writer thread (row references only) and writes it in the background. */
    private void snapshot() {
        sinceSnapshot = 0;
        if (storage.snapshots() == null || host == null || moduleBlob.isEmpty()) {
            return;
        }
        Map<Integer, Row[]> tables = new TreeMap<>();
        List<SequenceState> seqs = new ArrayList<>();
        for (Table t : host.datastore().tables()) {
            tables.put(t.id(), t.rows().toArray(new Row[0]));
            for (Sequence s : t.sequences()) {
                seqs.add(new SequenceState(t.id(), s.schema().column(), s.peek(), s.exhausted()));
            }
        }
        SnapshotCodec.Image image = new SnapshotCodec.Image(applied, moduleBlob, host.owner(), tables, seqs,
                new TreeMap<>(lastFired));
        snapshotter.execute(() -> {
            try {
                storage.snapshots().write(SnapshotCodec.encode(image));
                storage.snapshots().prune(3);
            } catch (RuntimeException e) {
                LOG.error("snapshot of database {} at offset {} failed", options.name(), image.offset(), e);
            }
        });
    }

    /** Runs {@code action} on a copy of nothing: waits until the writer has applied {@code offset}. */
    public void awaitApplied(long offset, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (applied < offset) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("writer did not reach offset " + offset + " (at " + applied + ")");
            }
            Thread.sleep(1);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            if (thread != null && !stopped.await(10, TimeUnit.SECONDS)) {
                LOG.warn("writer of database {} did not stop in time", options.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaser.close();
        if (metrics != null) {
            metrics.close();
        }
        snapshotter.shutdown();
        try {
            snapshotter.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
