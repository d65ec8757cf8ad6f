package dev.lightcone.materializer.runtime;

import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxEffect;
import dev.lightcone.executor.view.ViewTables;
import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.materializer.engine.PreparedQuery;
import dev.lightcone.materializer.engine.PreparedStatement;
import dev.lightcone.materializer.engine.SqlResult;
import dev.lightcone.materializer.plan.SqlCaller;
import dev.lightcone.materializer.runtime.internal.DeliveryBursts;
import dev.lightcone.materializer.runtime.internal.ReleaseStage;
import dev.lightcone.materializer.runtime.internal.WriterSide;
import dev.lightcone.materializer.sql.Select;
import dev.lightcone.materializer.sql.SqlParser;
import dev.lightcone.materializer.subscription.ClientUpdate;
import dev.lightcone.materializer.subscription.QuerySetFailure;
import dev.lightcone.materializer.subscription.TransactionUpdates;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.LightconeException;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The derived state of one database, served to its clients: subscriptions with incremental deltas,
 * one-off queries and SQL reads, and one stream of updates per connected client.
 *
 * <p>Each applied record reaches the runtime on the writer thread, where the committed state is exactly
 * that record's result; the deltas of every distinct query are computed there once (a join's delta
 * reads the other side's state at that offset). Everything after that runs off the writer thread as a
 * {@link Flux}: batches are held until their record is durable (confirmed reads) or let through at once
 * ({@code confirmed=false}), in offset order, and handed to each client's bounded stream; a client that
 * falls {@code sessionBuffer} updates behind is cut off with an overflow error instead of growing memory.
 */
public final class DatabaseRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRuntime.class);

    private final DatabaseWriter writer;
    private final Identity owner;
    private final int sessionBuffer;
    /** The node this runtime serves clients for (its connections are recorded under this name). */
    private final String node;
    private final WriterSide writerSide;
    private final Map<ConnectionId, MaterializedSession> sessions = new ConcurrentHashMap<>();
    /** What the writer thread hands on after each record; only the writer thread emits here. */
    private final Sinks.Many<FromWriter> fromWriter = Sinks.many().unicast().onBackpressureBuffer();
    /** Durable offsets; only the log's release thread emits here. */
    private final Sinks.Many<ReleaseStage.Event<Outgoing>> durable = Sinks.many().unicast().onBackpressureBuffer();
    private final Scheduler delivery;
    private final Disposable pipeline;
    /** Which sessions hold updates of the current delivery burst (delivery thread only). */
    private final DeliveryBursts<MaterializedSession> bursts = new DeliveryBursts<>(this::onDelivery,
            DatabaseRuntime::flush);
    private final List<Runnable> detach = new ArrayList<>();
    private final List<Meter> meters = new ArrayList<>();
    private final String name;
    /** Set once the closed update stream has been reported (written on the writer thread only). */
    private boolean streamClosedLogged;

    /** One update for one client. */
    record Outgoing(MaterializedSession session, SessionUpdate update) {
    }

    /**
     * What the writer thread hands on after the record at {@code offset} (-1: not tied to one), in this order: updates
     * already addressed, then each transaction's fan-out (routed to its clients on the delivery thread, so that the
     * writer does no work per client), then more addressed updates.
     */
    private record FromWriter(long offset, List<Outgoing> before, List<TxFanOut> transactions, List<Outgoing> after) {
    }

    /**
     * One transaction's updates, before they are addressed to clients' sessions.
     *
     * @param caller    the calling client's session if this transaction is its reducer call (it gets the reply)
     * @param requestId the caller's request id
     * @param shared    the transaction's memo of encodings (null when it reaches nobody)
     */
    private record TxFanOut(TransactionUpdates updates, TxEffect tx, MaterializedSession caller, int requestId,
            SharedEncodings shared) {
    }

    private DatabaseRuntime(DatabaseWriter writer, Identity owner, String name, int sessionBuffer, String node) {
        this.writer = writer;
        this.name = name;
        this.node = node;
        this.owner = owner;
        this.sessionBuffer = sessionBuffer;
        this.writerSide = new WriterSide(writer);
        this.delivery = Schedulers.newSingle("lightcone-delivery-" + name, true);
        ReleaseStage<Outgoing> release = new ReleaseStage<>();
        this.pipeline = Flux.<Object>merge(fromWriter.asFlux(), durable.asFlux())
                .publishOn(delivery)
                .subscribe(event -> deliverAll(release.accept(event instanceof FromWriter w ? route(w) : durableMark(event))),
                        e -> LOG.error("the update stream of database {} failed; clients get no more updates", name, e));
        MeterRegistry registry = Metrics.globalRegistry;
        meters.add(Gauge.builder("lightcone.sessions", sessions, Map::size).tag("database", name)
                .description("connected WebSocket clients").register(registry));
        meters.add(Gauge.builder("lightcone.subscriptions.shared.queries", writerSide, WriterSide::sharedQueryCount)
                .tag("database", name).description("distinct subscription queries evaluated per transaction")
                .register(registry));
    }

    /**
     * Starts serving the derived state of the database {@code writer} applies.
     *
     * @param sessionBuffer how many updates may wait for one slow client before it is cut off
     */
    public static DatabaseRuntime attach(DatabaseWriter writer, Identity owner, String name, int sessionBuffer) {
        return attach(writer, owner, name, sessionBuffer, "");
    }

    /**
     * As {@link #attach(DatabaseWriter, Identity, String, int)}, for the node named {@code node}: if the log
     * says that node is gone (its clients were disconnected while it was thought dead), its clients' streams
     * end, so that the gateway closes their sockets rather than leave them open on disconnected sessions.
     */
    public static DatabaseRuntime attach(DatabaseWriter writer, Identity owner, String name, int sessionBuffer,
            String node) {
        DatabaseRuntime r = new DatabaseRuntime(writer, owner, name, sessionBuffer, node);
        r.detach.add(writer.onApplied(r::applied));
        r.detach.add(writer.onDurable(c -> r.durable.tryEmitNext(new ReleaseStage.Durable<>(c.offset()))));
        return r;
    }

    /** How the database's owner and everyone else are told apart (row-level security, private tables). */
    SqlCaller callerFor(Identity id) {
        return id.equals(owner) ? SqlCaller.owner(id) : SqlCaller.client(id);
    }

    /**
     * A client's stream of updates, registered before its connect record is logged so that it hears of
     * everything after it.
     */
    public MaterializedSession openSession(Identity identity, ConnectionId connection, boolean confirmedReads) {
        MaterializedSession s = new MaterializedSession(this, identity, connection, confirmedReads, sessionBuffer);
        sessions.put(connection, s);
        return s;
    }

    /** True while {@code session} is connected and gets updates. */
    public boolean serves(MaterializedSession session) {
        return sessions.get(session.connectionId()) == session;
    }

    /**
     * Runs a SQL statement's read on the writer thread (a state consistent with the stream of deltas).
     * Completes empty if the statement writes: that becomes a log record (ingest), not a read.
     *
     * @throws dev.lightcone.sats.LightconeException (in the future) for bad SQL or a forbidden table
     */
    public CompletableFuture<Optional<SqlResult>> query(String sql, Identity caller) {
        return onWriter(() -> {
            SqlCaller who = callerFor(caller);
            PreparedStatement p = writerSide.sql().prepare(sql, who);
            return p instanceof PreparedQuery q ? Optional.of(q.execute(writerSide.stateForQuery(who)))
                    : Optional.empty();
        });
    }

    // ---------------------------------------------------------------- on the writer thread

    <T> CompletableFuture<T> onWriter(java.util.function.Supplier<T> task) {
        return writer.submit(task);
    }

    /**
     * The materialized function views these queries name that the connection must hold before it
     * subscribes (a {@code SubscribeViews} record makes it hold them). Queries that do not parse name
     * none: subscribing reports their error. Safe from any thread.
     */
    public List<String> viewsNamedIn(List<String> sqls) {
        Optional<ModuleSchema> schema = writer.schema();
        if (schema.isEmpty() || schema.get().views().isEmpty()) {
            return List.of();
        }
        Set<String> named = new LinkedHashSet<>();
        for (String sql : sqls) {
            try {
                if (SqlParser.parseSubscription(sql) instanceof Select s) {
                    named.add(s.from().name());
                    s.joins().forEach(j -> named.add(j.table().name()));
                }
            } catch (LightconeException e) {
                // not a query: the subscription itself answers with the error
            }
        }
        List<String> out = new ArrayList<>();
        for (ViewSchema v : schema.get().views()) {
            if (ViewTables.isMaterialized(v)
                    && (named.contains(v.name()) || named.contains(v.sourceName()))) {
                out.add(v.name());
            }
        }
        return out;
    }

    WriterSide writerSide() {
        return writerSide;
    }

    long appliedOffset() {
        return writer.appliedOffset();
    }

    /** Queues updates computed on the writer thread after the record at {@code offset} (-1: not tied to one). */
    void emitFromWriter(long offset, List<Outgoing> messages) {
        if (!messages.isEmpty()) {
            emitFromWriter(new FromWriter(offset, messages, List.of(), List.of()));
        }
    }

    private void emitFromWriter(FromWriter w) {
        Sinks.EmitResult r = fromWriter.tryEmitNext(w);
        if (r.isFailure() && !streamClosedLogged) {
            // Only once: after the stream ends (the database is closing), every later transaction would say it again.
            streamClosedLogged = true;
            LOG.warn("the update stream of database {} is closed ({}); dropping client updates after offset {} "
                    + "and every later one", name, r, w.offset());
        }
    }

    @SuppressWarnings("unchecked")
    private static ReleaseStage.Event<Outgoing> durableMark(Object event) {
        return (ReleaseStage.Event<Outgoing>) event;
    }

    /**
     * On the delivery thread: addresses what the writer handed on to the clients' sessions, in order, and splits it
     * for the release stage (clients with confirmed reads wait for durability, the others do not).
     */
    private ReleaseStage.Batch<Outgoing> route(FromWriter w) {
        List<Outgoing> all = new ArrayList<>(w.before());
        for (TxFanOut f : w.transactions()) {
            route(f, all);
        }
        all.addAll(w.after());
        List<Outgoing> confirmed = new ArrayList<>(all.size());
        List<Outgoing> unconfirmed = new ArrayList<>(0);
        for (Outgoing o : all) {
            (o.session().confirmedReads() ? confirmed : unconfirmed).add(o);
        }
        return new ReleaseStage.Batch<>(w.offset(), confirmed, unconfirmed);
    }

    /**
     * One transaction's updates for its clients: query sets that failed, a delta for each affected client but the
     * caller, and the caller's reply with its own delta. Clients gone since the transaction get nothing.
     */
    private void route(TxFanOut f, List<Outgoing> out) {
        for (QuerySetFailure failure : f.updates().failures()) {
            MaterializedSession s = sessions.get(failure.client());
            if (s != null) {
                out.add(new Outgoing(s, new SessionUpdate.SubscriptionFailed(OptionalInt.empty(),
                        failure.querySetId(), failure.error())));
            }
        }
        ClientUpdate callersUpdate = null;
        for (ClientUpdate cu : f.updates().clients()) {
            MaterializedSession s = sessions.get(cu.client());
            if (s == null) {
                continue;
            }
            if (s == f.caller()) {
                callersUpdate = cu;
            } else {
                out.add(new Outgoing(s, new SessionUpdate.TransactionDelta(cu.querySets(), f.shared())));
            }
        }
        if (f.caller() != null) {
            out.add(new Outgoing(f.caller(), new SessionUpdate.ReducerReply(f.requestId(), f.tx().timestamp(),
                    f.tx().outcome(), callersUpdate == null ? List.of() : callersUpdate.querySets(), f.shared())));
        }
    }

    /** On the delivery thread: what the release stage let go, into the current burst ({@link DeliveryBursts}). */
    private void deliverAll(List<Outgoing> released) {
        for (Outgoing o : released) {
            deliver(o);
        }
        bursts.delivered(released.size());
    }

    /** On the delivery thread: one update to one client; a failure cuts off that client alone, never the stream. */
    private static void deliver(Outgoing o) {
        try {
            o.session().deliver(o.update());
        } catch (RuntimeException e) {
            o.session().deliveryFailed(e);
        }
    }

    /**
     * The record's updates for every affected client: computed once per distinct query, here, where the state is
     * the record's result; addressed to the clients' sessions later, on the delivery thread ({@link #route}).
     */
    private void applied(AppliedCommand c) {
        if (!writerSide.ready() || sessions.isEmpty()) {
            return;
        }
        if (c.endedNode().filter(node::equals).isPresent() && !node.isEmpty()) {
            LOG.warn("the cluster judged this node ({}) gone and disconnected its clients; closing their sockets", node);
            for (MaterializedSession s : sessions.values()) {
                s.close();
            }
            return;
        }
        Optional<AppliedCommand.ReducerRequest> request = c.reducerRequest()
                .filter(r -> !r.connection().isZero());
        MaterializedSession caller = request.map(r -> sessions.get(r.connection())).orElse(null);
        List<Outgoing> before = new ArrayList<>(0);
        for (QuerySetFailure f : writerSide.takeAdoptionFailures()) {
            MaterializedSession s = sessions.get(f.client());
            if (s != null) {
                before.add(new Outgoing(s, new SessionUpdate.SubscriptionFailed(OptionalInt.empty(), f.querySetId(),
                        f.error())));
            }
        }
        List<TxFanOut> transactions = new ArrayList<>(c.transactions().size());
        for (TxEffect tx : c.transactions()) {
            TransactionUpdates u = tx.committed() && !tx.changes().isEmpty()
                    ? writerSide.subscriptions().onTransaction(tx.changes(), writerSide.state()) : TransactionUpdates.EMPTY;
            MaterializedSession callerOfTx = caller != null && tx.index() == 0 ? caller : null;
            if (u.clients().isEmpty() && u.failures().isEmpty() && callerOfTx == null) {
                continue; // the (common) transaction nobody sees
            }
            // One memo per transaction that reaches anyone.
            transactions.add(new TxFanOut(u, tx, callerOfTx, request.map(AppliedCommand.ReducerRequest::requestId)
                    .orElse(0), u.clients().isEmpty() && callerOfTx == null ? null : new SharedEncodings()));
        }
        List<Outgoing> after = List.of();
        if (caller != null && c.transactions().isEmpty()) {
            String why = c.error() == null ? "the call did not run" : c.error();
            after = List.of(new Outgoing(caller, new SessionUpdate.ReducerReply(request.get().requestId(),
                    request.get().timestamp(), new TxOutcome.InternalError(why, why), List.of(),
                    new SharedEncodings())));
        }
        if (!before.isEmpty() || !transactions.isEmpty() || !after.isEmpty()) {
            emitFromWriter(new FromWriter(c.offset(), before, transactions, after));
        }
        // A client-breaking update disconnected these clients through the new module: their sockets close.
        for (ConnectionId gone : c.disconnectedByUpdate()) {
            MaterializedSession s = sessions.get(gone);
            if (s != null) {
                s.close();
            }
        }
    }

    // ---------------------------------------------------------------- sessions

    /** On the delivery thread: {@code s} got its first update of this burst; its updates go on when it ends. */
    void flushAfterBurst(MaterializedSession s) {
        bursts.join(s);
    }

    /** On the delivery thread, at the end of a burst: hands one session's updates to its stream. */
    private static void flush(MaterializedSession s) {
        try {
            s.flush();
        } catch (RuntimeException e) {
            s.deliveryFailed(e);
        }
    }

    /** Runs {@code action} on the delivery thread, after every update queued for delivery before it. */
    void onDelivery(Runnable action) {
        if (delivery.isDisposed()) {
            return;
        }
        try {
            delivery.schedule(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("runtime closed; a session's end is not delivered", e);
        }
    }

    void remove(MaterializedSession s) {
        sessions.remove(s.connectionId(), s);
        onWriter(() -> {
            if (writerSide.ready()) {
                writerSide.subscriptions().removeClient(s.connectionId());
            }
            return null;
        });
    }

    /** Ends every client's stream (the database is going away) and stops delivering. */
    @Override
    public void close() {
        detach.forEach(Runnable::run);
        meters.forEach(Metrics.globalRegistry::remove);
        for (MaterializedSession s : sessions.values()) {
            s.end();
        }
        fromWriter.tryEmitComplete();
        durable.tryEmitComplete();
        delivery.dispose();
        pipeline.dispose();
    }
}
