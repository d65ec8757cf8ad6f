package dev.lightcone.executor.writer;

import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.writer.internal.DamagedEffectLogException;
import dev.lightcone.executor.writer.internal.RecordPipeline;
import dev.lightcone.executor.writer.internal.RecordedEffects;
import dev.lightcone.executor.writer.internal.Releaser;
import dev.lightcone.executor.writer.internal.WriterMetrics;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.moduledef.ModuleSchema;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one database. A dedicated thread reads the command log in offset order and
 * applies each record; nothing else changes the database, and the writer never appends to its log (what
 * the database itself asks for goes to {@link SystemRequests}). Each applied record becomes one immutable
 * {@link AppliedCommand}, handed to {@link #onApplied} listeners at once and to {@link #onDurable}
 * listeners once the record is durable (confirmed reads).
 *
 * <p>Recovery on {@link #open}: the newest valid snapshot, then the recorded effects after it (no
 * WebAssembly runs), then re-execution of the commands after the last recorded effect.
 */
public final class DatabaseWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWriter.class);
    /**
     * The first and the longest wait of an idle writer before it looks at the log again. Local appends,
     * tasks and due schedules wake it at once; the back-off only bounds how late it sees records it is
     * not told about: another node's appends to a shared log (50 ms), or, for a log that announces every append,
     * none at all, so an idle embedded server's writer wakes once a second rather than twenty times (the second is
     * only a safety net).
     */
    private static final long MIN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_IDLE_NANOS_SHARED_LOG = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_IDLE_NANOS_ANNOUNCED_LOG = TimeUnit.SECONDS.toNanos(1);

    /**
     * @param databaseIdentity the database's identity
     * @param name             a name for logs and threads
     * @param host             how modules are loaded and limited
     * @param snapshotEvery    take a snapshot every this many commands (0: only after publishes)
     * @param clock            wall clock for deciding when schedules are due
     * @param disconnectStale  after recovery, ask for the disconnection of the clients that were connected
     *                         when the process stopped
     * @param sqlDml           how {@code RunSql} records run
     * @param systemRequests   where the records the database itself asks for go (ingest)
     * @param node             the node this writer runs on: {@code ClientConnected.LOCAL} for an embedded
     *                         server, else its stable name in the cluster
     */
    public record Options(Identity databaseIdentity, String name, ModuleHost.Options host, int snapshotEvery,
            Clock clock, boolean disconnectStale, SqlDml sqlDml, SystemRequests systemRequests, String node) {
        public static Options of(Identity databaseIdentity, String name) {
            return new Options(databaseIdentity, name, ModuleHost.Options.DEFAULT, 10_000, Clock.systemUTC(), true,
                    SqlDml.NONE, SystemRequests.NONE, dev.lightcone.commitlog.record.ClientConnected.LOCAL);
        }

        public Options withSnapshotEvery(int n) {
            return new Options(databaseIdentity, name, host, n, clock, disconnectStale, sqlDml, systemRequests, node);
        }

        public Options withHost(ModuleHost.Options h) {
            return new Options(databaseIdentity, name, h, snapshotEvery, clock, disconnectStale, sqlDml, systemRequests, node);
        }

        public Options withClock(Clock c) {
            return new Options(databaseIdentity, name, host, snapshotEvery, c, disconnectStale, sqlDml, systemRequests, node);
        }

        public Options withDisconnectStale(boolean d) {
            return new Options(databaseIdentity, name, host, snapshotEvery, clock, d, sqlDml, systemRequests, node);
        }

        /** How logged SQL DML statements run (the SQL engine is above the executor). */
        public Options withSqlDml(SqlDml dml) {
            return new Options(databaseIdentity, name, host, snapshotEvery, clock, disconnectStale, dml, systemRequests, node);
        }

        /** The node this writer runs on (see {@link #node()}). */
        public Options withNode(String n) {
            return new Options(databaseIdentity, name, host, snapshotEvery, clock, disconnectStale, sqlDml, systemRequests,
                    n);
        }

        /** Where schedule firings, stale disconnects and immediate calls are asked for (ingest). */
        public Options withSystemRequests(SystemRequests requests) {
            return new Options(databaseIdentity, name, host, snapshotEvery, clock, disconnectStale, sqlDml, requests, node);
        }
    }

    private final Options options;
    private final RecordPipeline pipeline;
    private final List<Consumer<AppliedCommand>> appliedListeners = new CopyOnWriteArrayList<>();
    private final Releaser releaser;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Futures waiting for an offset to be applied, by offset. */
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> appliedWaiters = new ConcurrentSkipListMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ProcedureTransactions procedureTransactions;
    /** The longest idle wait: long when the log announces every append, else bounded by others' appends. */
    private final long maxIdleNanos;
    private WriterMetrics metrics;
    private LogTailer<LoggedCommand> tailer;
    private volatile Thread thread;
    private volatile boolean running;

    private DatabaseWriter(WriterStorage storage, Options options) {
        this.options = options;
        this.pipeline = new RecordPipeline(storage, options);
        this.releaser = new Releaser(pipeline.storage().commands(), pipeline.effects(), options.name());
        this.procedureTransactions = pipeline.procedureDrafts(this::runOnWriter, this::catchUp);
        this.maxIdleNanos = storage.commands().announcesEveryAppend() ? MAX_IDLE_NANOS_ANNOUNCED_LOG
                : MAX_IDLE_NANOS_SHARED_LOG;
    }

    /** Recovers the database from {@code storage} and starts the writer thread. */
    public static DatabaseWriter open(WriterStorage storage, Options options) {
        DatabaseWriter w = new DatabaseWriter(storage, options);
        try {
            w.tailer = w.pipeline.recover(w::wake);
        } catch (DamagedEffectLogException e) {
            // Derived data: start again from the snapshot with an empty effect log; the commands are re-executed.
            LOG.warn("effect log of database {} is damaged ({}); rebuilding it from the command log", options.name(),
                    e.getMessage());
            w = new DatabaseWriter(w.pipeline.storage().withFreshEffects(), options);
            w.tailer = w.pipeline.recover(w::wake);
        }
        ModuleHost host = w.pipeline.state().host();
        if (host != null) {
            host.scheduler().armAll(host.datastore(), w.now());
        }
        w.start();
        if (options.disconnectStale() && host != null) {
            // Clients this node held in its previous run are gone; their disconnect hooks run through the log.
            if (options.node().equals(dev.lightcone.commitlog.record.ClientConnected.LOCAL)) {
                for (CallContext c : host.connectedClients(w.now())) {
                    options.systemRequests().submit(new SystemRequest.DisconnectClient(c.caller(), c.connectionId()));
                }
            } else if (w.pipeline.state().connections().nodes().contains(options.node())) {
                options.systemRequests().submit(new SystemRequest.EndNode(options.node()));
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

    /** The module host, or empty before the first publish. Read its state only on the writer thread ({@link #submit}). */
    public Optional<ModuleHost> host() {
        return pipeline.state().currentHost();
    }

    /** The schema of the loaded module, or empty before the first publish; safe from any thread. */
    public Optional<ModuleSchema> schema() {
        return host().map(ModuleHost::schema);
    }

    /** The nodes holding connected clients now, as the log says; run it on the writer thread ({@link #submit}). */
    public List<String> nodesHoldingClients() {
        return pipeline.state().connections().nodes();
    }

    /** The offset of the last applied command, -1 if none. */
    public long appliedOffset() {
        return pipeline.state().applied();
    }

    public WriterStorage storage() {
        return pipeline.storage();
    }

    /** The writer's side of procedure transactions (see {@link ProcedureTransactions}). */
    public ProcedureTransactions procedureTransactions() {
        return procedureTransactions;
    }

    // ---------------------------------------------------------------- the loop

    private void start() {
        metrics = new WriterMetrics(Metrics.globalRegistry, options.name(), storage().commands(), this::appliedOffset);
        running = true;
        thread = new Thread(this::loop, "lightcone-writer-" + options.name());
        thread.start();
        releaser.start();
    }

    private void loop() {
        long backoff = MIN_IDLE_NANOS;
        try {
            while (running) {
                runTasks();
                LoggedCommand c = tailer.poll();
                if (c != null) {
                    applyLive(c);
                    backoff = MIN_IDLE_NANOS;
                    continue;
                }
                pipeline.requestDueSchedules(now());
                if (tasks.isEmpty()) {
                    backoff = idle(backoff);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("writer of database {} stopped at offset {}", options.name(), appliedOffset() + 1, e);
        } finally {
            tailer.close();
            failWaiters(new IllegalStateException("the writer of " + options.name() + " stopped"));
            stopped.countDown();
        }
    }

    /**
     * Parks the idle writer until it is woken ({@link #wake}: a task, or the log after an append made in this
     * process), the next schedule is due, or {@code backoff} passes. Returns the next back-off: reset when woken
     * early, doubled (up to a bound) when nothing came.
     */
    private long idle(long backoff) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        long wait = Math.min(backoff, nanosUntilNextSchedule());
        long start = System.nanoTime();
        LockSupport.parkNanos(this, wait);
        return System.nanoTime() - start < wait ? MIN_IDLE_NANOS : Math.min(backoff * 2, maxIdleNanos);
    }

    private long nanosUntilNextSchedule() {
        ModuleHost host = pipeline.state().host();
        long due = host == null ? Long.MAX_VALUE : host.scheduler().nextDueMicros();
        if (due == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long micros = due - now().micros();
        return micros <= 0 ? 0 : micros > Long.MAX_VALUE / 1_000 ? Long.MAX_VALUE : micros * 1_000;
    }

    /**
     * Wakes the writer if it is idle, so it looks at the log and its tasks now. The log calls it after each append
     * made in this process; records other nodes append to a shared log are seen within the back-off.
     */
    public void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void applyLive(LoggedCommand c) {
        pipeline.apply(c, this::publish);
        completeWaiters(c.offset());
    }

    /** On the writer thread: applies every record readable now (before a procedure reads the state). */
    private void catchUp() {
        for (LoggedCommand c = tailer.poll(); c != null; c = tailer.poll()) {
            applyLive(c);
        }
    }

    private void publish(AppliedCommand out, RecordedEffects effects) {
        metrics.record(out.transactions());
        for (Consumer<AppliedCommand> l : appliedListeners) {
            l.accept(out);
        }
        releaser.submit(out, effects);
    }

    private void runTasks() {
        for (Runnable t = tasks.poll(); t != null; t = tasks.poll()) {
            try {
                t.run();
            } catch (RuntimeException | StackOverflowError e) {
                // One request (a read, a subscription) must never stop the writer; its stack is unwound here.
                LOG.error("task on the writer thread of database {} failed", options.name(), e);
            }
        }
    }

    private void runOnWriter(Runnable task) {
        tasks.add(task);
        wake();
    }

    /**
     * Runs {@code task} on the writer thread between two commands, where it sees a committed state
     * consistent with {@link #appliedOffset()}: how subscriptions take their initial rows and SQL reads run.
     */
    public <T> CompletableFuture<T> submit(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                f.complete(task.get());
            } catch (RuntimeException | StackOverflowError e) {
                // A task too deep for the writer's stack (a deeply nested query) fails alone; the writer goes on.
                f.completeExceptionally(e);
            }
        });
        wake();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("the writer of " + options.name() + " is stopped"));
        }
        return f;
    }

    private Timestamp now() {
        return Timestamp.ofInstant(options.clock().instant());
    }

    // ---------------------------------------------------------------- waiting for offsets

    /** Completes once the writer has applied {@code offset} (at once if it has). */
    public CompletableFuture<Void> whenApplied(long offset) {
        if (appliedOffset() >= offset) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = appliedWaiters.computeIfAbsent(offset, o -> new CompletableFuture<>());
        if (appliedOffset() >= offset) {
            completeWaiters(appliedOffset());
        }
        if (!running && thread != null) {
            f.completeExceptionally(new IllegalStateException("the writer of " + options.name() + " is stopped"));
        }
        return f;
    }

    /** Waits until the writer has applied {@code offset}. */
    public void awaitApplied(long offset, long timeout, TimeUnit unit) throws InterruptedException {
        try {
            whenApplied(offset).get(timeout, unit);
        } catch (TimeoutException e) {
            throw new IllegalStateException("writer did not reach offset " + offset + " (at " + appliedOffset() + ")", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("writer stopped before offset " + offset, e.getCause());
        }
    }

    private void completeWaiters(long applied) {
        if (appliedWaiters.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, CompletableFuture<Void>> e = appliedWaiters.firstEntry();
                e != null && e.getKey() <= applied; e = appliedWaiters.firstEntry()) {
            appliedWaiters.remove(e.getKey(), e.getValue());
            e.getValue().complete(null);
        }
    }

    private void failWaiters(RuntimeException why) {
        appliedWaiters.values().forEach(f -> f.completeExceptionally(why));
        appliedWaiters.clear();
    }

    @Override
    public void close() {
        running = false;
        wake();
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
        pipeline.close();
    }
}
