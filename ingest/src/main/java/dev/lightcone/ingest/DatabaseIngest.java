package dev.lightcone.ingest;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.DiskFullException;
import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.ClientConnected;
import dev.lightcone.commitlog.record.ClientDisconnected;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.NodeGone;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.commitlog.record.RunSql;
import dev.lightcone.commitlog.record.SubscribeViews;
import dev.lightcone.commitlog.record.ScheduleFire;
import dev.lightcone.executor.CallCheck;
import dev.lightcone.executor.HttpHandlerRequest;
import dev.lightcone.executor.HttpHandlerResult;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.ProcedureResult;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.SystemRequest;
import dev.lightcone.executor.writer.SystemRequests;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.ingest.internal.PendingResults;
import dev.lightcone.ingest.internal.ProcedureGate;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way into one database. Every record enters its command log here — clients' calls, connects,
 * disconnects, publishes and SQL statements, procedure transactions, and what the database itself asks
 * for (schedule firings, stale disconnects, immediate calls): each is validated against the published
 * schema (a refused request logs nothing), stamped once with its time, and appended; the caller's
 * future completes with the applied command once its record is durable. At most {@code maxInFlight}
 * client records wait at once (admission control). The log decides the order: no lock is held across
 * an append. Thread-safe.
 */
public final class DatabaseIngest implements SystemRequests, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseIngest.class);
    private static final long ADMISSION_WAIT_SECONDS = 30;

    private final CommandLog log;
    private final Identity database;
    private final Clock clock;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final PendingResults pending = new PendingResults();
    private final AtomicLong lastMicros = new AtomicLong();
    private final ExecutorService procedures;
    /** Set once {@link #close()} begins: the database's own requests are no longer retried. */
    private volatile boolean closed;
    /** The node this ingest runs on; it holds the connections it logs. */
    private final String node;
    private volatile DatabaseWriter writer;
    private Runnable unsubscribe = () -> {
    };

    private DatabaseIngest(CommandLog log, Identity database, String name, String node, Clock clock, int maxInFlight) {
        this.log = log;
        this.node = node;
        this.database = database;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.procedures = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lightcone-procedure-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a database: its writer recovers from {@code storage}, and this ingest becomes the way into its
     * log, including for the records the writer asks for.
     */
    public static DatabaseIngest open(WriterStorage storage, DatabaseWriter.Options options, Clock clock,
            int maxInFlight) {
        DatabaseIngest ingest = new DatabaseIngest(storage.commands(), options.databaseIdentity(), options.name(),
                options.node(), clock, maxInFlight);
        ingest.writer = DatabaseWriter.open(storage, options.withSystemRequests(ingest));
        ingest.unsubscribe = ingest.writer.onDurable(ingest.pending::released);
        return ingest;
    }

    /** The database's writer. */
    public DatabaseWriter writer() {
        return writer;
    }

    /** A timestamp for a new record: the wall clock, but never earlier than (or equal to) the previous one. */
    public Timestamp stamp() {
        long now = Timestamp.ofInstant(clock.instant()).micros();
        return new Timestamp(lastMicros.updateAndGet(last -> Math.max(now, last + 1)));
    }

    // ---------------------------------------------------------------- client requests

    /** Logs a reducer call, unless the reducer or its arguments are refused by the published schema. */
    public CompletableFuture<AppliedCommand> callReducer(Identity caller, ConnectionId connection, int requestId,
            String reducer, byte[] args) {
        Optional<CompletableFuture<AppliedCommand>> refused = checkReducerCall(caller, reducer, args);
        if (refused.isPresent()) {
            return refused.get();
        }
        return append(new CallReducer(caller, connection, requestId, stamp(), reducer, args));
    }

    /**
     * {@link #callReducer} for threads that must not block (network threads): empty, having logged nothing, when
     * admission control would make the call wait for room; the caller then uses {@link #callReducer} elsewhere.
     */
    public Optional<CompletableFuture<AppliedCommand>> callReducerWithoutWaiting(Identity caller,
            ConnectionId connection, int requestId, String reducer, byte[] args) {
        Optional<CompletableFuture<AppliedCommand>> refused = checkReducerCall(caller, reducer, args);
        if (refused.isPresent()) {
            return refused;
        }
        if (!inFlight.tryAcquire()) {
            return Optional.empty();
        }
        return Optional.of(appendAdmitted(new CallReducer(caller, connection, requestId, stamp(), reducer, args)));
    }

    /** A failed future if the published schema refuses the call, else empty. */
    private Optional<CompletableFuture<AppliedCommand>> checkReducerCall(Identity caller, String reducer, byte[] args) {
        Optional<ModuleHost> host = writer.host();
        if (host.isEmpty()) {
            return Optional.of(refused(CallCheck.Reason.NO_SUCH_FUNCTION, "the database has no module"));
        }
        Optional<CallCheck.Refusal> refusal = CallCheck.reducerCall(host.get().schema(), host.get().owner(), caller,
                reducer, args);
        return refusal.map(r -> refused(r.reason(), r.message()));
    }

    /** Logs a client connection (runs {@code client_connected}). */
    public CompletableFuture<AppliedCommand> connect(Identity identity, ConnectionId connection, String jwtPayload) {
        return append(new ClientConnected(identity, connection, stamp(), jwtPayload, node));
    }

    /** Logs a client disconnection (runs {@code client_disconnected}). */
    public CompletableFuture<AppliedCommand> disconnect(Identity identity, ConnectionId connection) {
        return append(new ClientDisconnected(identity, connection, stamp()));
    }

    /**
     * Logs that a connection subscribes to materialized function views: the writer evaluates those its
     * identity has no instance of yet, and keeps them current until the connection ends.
     */
    public CompletableFuture<AppliedCommand> subscribeViews(Identity identity, ConnectionId connection,
            List<String> views) {
        return append(new SubscribeViews(identity, connection, views, stamp()));
    }

    /** Logs a module publish or update under the {@code Compatible} migration policy. */
    public CompletableFuture<AppliedCommand> publish(Identity owner, byte[] wasm, boolean clear) {
        return publish(owner, wasm, clear, "");
    }

    /**
     * Logs a module publish or update; {@code breakClientsToken} is the token from {@code pre_publish} when the
     * publisher accepts a client-breaking migration (the writer checks it), or empty.
     */
    public CompletableFuture<AppliedCommand> publish(Identity owner, byte[] wasm, boolean clear, String breakClientsToken) {
        return append(new PublishModule(database, owner, new ModuleSource.Inline(wasm), clear, stamp(),
                breakClientsToken));
    }

    /** Logs a SQL DML statement, run by the writer as {@code caller}. */
    public CompletableFuture<AppliedCommand> runSql(Identity caller, String sql) {
        return append(new RunSql(caller, stamp(), sql));
    }

    /**
     * Runs a procedure on this database's procedure thread (never the writer's); each of its transactions
     * is drafted against the writer's state and logged as a record. Refused procedures log nothing.
     */
    public CompletableFuture<ProcedureCall> callProcedure(Identity caller, ConnectionId connection, String name,
            byte[] args) {
        Optional<ModuleHost> host = writer.host();
        if (host.isEmpty()) {
            return refused(CallCheck.Reason.NO_SUCH_FUNCTION, "the database has no module");
        }
        Optional<CallCheck.Refusal> refusal = CallCheck.procedureCall(host.get().schema(), host.get().owner(), caller,
                name, args);
        if (refusal.isPresent()) {
            return refused(refusal.get().reason(), refusal.get().message());
        }
        return CompletableFuture.supplyAsync(() -> {
            ModuleHost h = writer.host().orElseThrow(() -> new IllegalStateException("the database has no module"));
            ProcedureGate gate = new ProcedureGate(writer.procedureTransactions(),
                    draft -> append(draft.toRecord(stamp())));
            ProcedureResult result = h.callProcedure(name, new CallContext(caller, connection, stamp()), args, gate);
            return new ProcedureCall(result, Math.max(gate.lastOffset(), writer.appliedOffset()));
        }, procedures);
    }

    /**
     * Runs a module's HTTP handler like a procedure: on this database's procedure thread, with no transaction
     * open and the zero identity as caller; each of its transactions is drafted and logged as a record.
     * {@code handlerId} is a route's handler from the current schema.
     */
    public CompletableFuture<HttpHandlerCall> callHttpHandler(int handlerId, HttpHandlerRequest request) {
        if (writer.host().isEmpty()) {
            return refused(CallCheck.Reason.NO_SUCH_FUNCTION, "the database has no module");
        }
        return CompletableFuture.supplyAsync(() -> {
            ModuleHost h = writer.host().orElseThrow(() -> new IllegalStateException("the database has no module"));
            if (handlerId >= h.schema().httpHandlers().size()) {
                // The module was replaced between matching the route and running it.
                throw new RequestRefusedException(CallCheck.Reason.NO_SUCH_FUNCTION, "no such HTTP handler");
            }
            ProcedureGate gate = new ProcedureGate(writer.procedureTransactions(),
                    draft -> append(draft.toRecord(stamp())));
            HttpHandlerResult result = h.callHttpHandler(handlerId,
                    new CallContext(Identity.ZERO, ConnectionId.ZERO, stamp()), request, gate);
            return new HttpHandlerCall(result, Math.max(gate.lastOffset(), writer.appliedOffset()));
        }, procedures);
    }

    private static <T> CompletableFuture<T> refused(CallCheck.Reason reason, String message) {
        return CompletableFuture.failedFuture(new RequestRefusedException(reason, message));
    }

    // ---------------------------------------------------------------- the database's own requests

    /** Logs what the writer asks for, without admission control and without anyone waiting for it. */
    @Override
    public void submit(SystemRequest request) {
        Command command;
        if (request instanceof SystemRequest.FireSchedule f) {
            command = new ScheduleFire(f.tableId(), f.tableName(), f.scheduleId(), f.intendedTime(), stamp());
        } else if (request instanceof SystemRequest.EndNode n) {
            command = new NodeGone(n.node(), stamp());
        } else if (request instanceof SystemRequest.DisconnectClient d) {
            command = new ClientDisconnected(d.identity(), d.connectionId(), stamp());
        } else {
            SystemRequest.CallReducer c = (SystemRequest.CallReducer) request;
            command = new CallReducer(database, ConnectionId.ZERO, 0, stamp(), c.reducer(), c.args());
        }
        log.appendAsync(command).whenComplete((offset, e) -> {
            if (e == null) {
                return;
            }
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause instanceof DiskFullException) {
                // Not logged, so not lost: asked again until the disk has room (a firing is applied once however
                // often it is logged), instead of a due schedule silently never firing again.
                if (!closed) {
                    LOG.warn("could not log {} requested by database {}: {}; retrying in {} ms", request, database,
                            cause.getMessage(), SYSTEM_RETRY_MILLIS);
                    SYSTEM_RETRIES.schedule(() -> {
                        if (!closed) {
                            submit(request);
                        }
                    }, SYSTEM_RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
                return;
            }
            LOG.error("could not log {} requested by database {}", request, database, e);
        });
    }

    /** How long a database's own request waits before it is logged again after a full disk refused it. */
    private static final long SYSTEM_RETRY_MILLIS = 1_000;
    private static final java.util.concurrent.ScheduledExecutorService SYSTEM_RETRIES =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lightcone-ingest-retry");
                t.setDaemon(true);
                return t;
            });

    // ---------------------------------------------------------------- appending

    /**
     * Appends a record and returns a future completed once it is applied and durable. Waits while
     * {@code maxInFlight} records are already waiting (back-pressure), then fails.
     */
    private CompletableFuture<AppliedCommand> append(Command command) {
        try {
            if (!inFlight.tryAcquire(ADMISSION_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return CompletableFuture.failedFuture(new IngestOverloadedException(maxInFlight));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return appendAdmitted(command);
    }

    /** Appends a record that holds an admission permit (released once the caller's future completes). */
    private CompletableFuture<AppliedCommand> appendAdmitted(Command command) {
        CompletableFuture<AppliedCommand> result = new CompletableFuture<>();
        result.whenComplete((c, e) -> inFlight.release());
        pending.appending();
        log.appendAsync(command).whenComplete((offset, e) -> {
            if (e != null) {
                pending.appendFailed();
                result.completeExceptionally(e);
            } else {
                pending.appended(offset, result);
            }
        });
        return result;
    }

    /** Records appended through this ingest and not yet released. */
    public int pending() {
        return pending.size();
    }

    /** Stops the writer and fails every caller still waiting; the storage stays open. */
    @Override
    public void close() {
        closed = true;
        procedures.shutdownNow();
        unsubscribe.run();
        writer.close();
        pending.failAll(new IllegalStateException("ingest closed before the command was released"));
    }
}
