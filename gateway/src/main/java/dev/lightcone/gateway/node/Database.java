package dev.lightcone.gateway.node;

import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.ReducerOutcome;
import dev.lightcone.executor.TxEffect;
import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.gateway.protocol.ReducerOk;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.ingest.DatabaseIngest;
import dev.lightcone.materializer.engine.SqlEngine;
import dev.lightcone.materializer.plan.Caller;
import dev.lightcone.materializer.plan.Catalog;
import dev.lightcone.materializer.plan.QueryCompiler;
import dev.lightcone.materializer.plan.TableReader;
import dev.lightcone.materializer.subscription.ClientUpdate;
import dev.lightcone.materializer.subscription.QuerySetFailure;
import dev.lightcone.materializer.subscription.SubscriptionManager;
import dev.lightcone.materializer.subscription.TransactionUpdates;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database served by this node: its writer, ingest and subscriptions, and the WebSocket sessions
 * connected to it. Subscription deltas are computed on the writer thread right after each command
 * (where the committed state is exactly that transaction's result) and queued until the command's
 * record is durable, then sent in offset order.
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    final Identity identity;
    final Identity owner;
    final Path dir;
    final DatabaseWriter writer;
    final DatabaseIngest ingest;
    private final ConcurrentMap<ConnectionId, Session> sessions = new ConcurrentHashMap<>();
    private final Object releaseLock = new Object();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long released = -1;
    /** Writer-thread state: the module host the subscriptions were compiled for. */
    private ModuleHost subscribedHost;
    private SubscriptionManager subscriptions;
    private SqlEngine sql;
    /**
     * Hands every message to its session, one batch at a time in the order the batches were released, so neither
     * the writer nor the durability callback runs the Reactor sinks, frame encoding and channel writes behind
     * {@link Session#emit} (design §8).
     */
    private final java.util.concurrent.ExecutorService delivery =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lightcone-delivery");
                t.setDaemon(true);
                return t;
            });

    /** Messages for sessions, held until the command at {@code offset} is durable. */
    private record Pending(long offset, List<Outgoing> messages) {
    }

    /** One message for one session. */
    record Outgoing(Session session, ServerMessage message) {
    }

    Database(Identity identity, Identity owner, Path dir, WriterStorage storage) {
        this.identity = identity;
        this.owner = owner;
        this.dir = dir;
        this.ingest = DatabaseIngest.open(storage, DatabaseWriter.Options.of(identity, identity.toHex().substring(0, 12))
                .withSqlDml(new dev.lightcone.materializer.engine.LoggedDml()), Clock.systemUTC(), 4096);
        this.writer = ingest.writer();
        writer.onApplied(this::applied);
        writer.onDurable(c -> release(c.offset()));
        String name = identity.toHex().substring(0, 12);
        io.micrometer.core.instrument.MeterRegistry registry = io.micrometer.core.instrument.Metrics.globalRegistry;
        meters.add(io.micrometer.core.instrument.Gauge.builder("lightcone.sessions", sessions, Map::size)
                .tag("database", name).description("connected WebSocket clients").register(registry));
        // Read without the writer's ordering: a gauge may be a moment stale, never wrong for long.
        meters.add(io.micrometer.core.instrument.Gauge.builder("lightcone.subscriptions.shared.queries", this,
                d -> d.subscriptions == null ? 0 : d.subscriptions.sharedQueryCount())
                .tag("database", name).description("distinct subscription queries evaluated per transaction")
                .register(registry));
    }

    private final List<io.micrometer.core.instrument.Meter> meters = new ArrayList<>();

    Caller callerFor(Identity id) {
        return id.equals(owner) ? Caller.owner(id) : Caller.client(id);
    }

    void register(Session s) {
        sessions.put(s.connectionId(), s);
    }

    void unregister(Session s) {
        sessions.remove(s.connectionId(), s);
        writer.submit(() -> {
            if (subscriptions != null) {
                subscriptions.removeClient(s.connectionId());
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- on the writer thread

    /** The subscription manager for the current module; rebuilt when a publish replaced the module. */
    SubscriptionManager subscriptions() {
        ModuleHost h = writer.host().orElseThrow(() -> new IllegalStateException("the database has no module"));
        if (h != subscribedHost) {
            subscribedHost = h;
            QueryCompiler compiler = new QueryCompiler(Catalog.of(h.schema()));
            subscriptions = new SubscriptionManager(compiler);
            sql = new SqlEngine(compiler);
        }
        return subscriptions;
    }

    SqlEngine sqlEngine() {
        subscriptions();
        return sql;
    }

    TableReader reader() {
        return TableReader.committed(writer.host().orElseThrow().datastore());
    }

    private void applied(AppliedCommand c) {
        if (writer.host().isEmpty()) {
            return;
        }
        SubscriptionManager subs = subscriptions();
        List<Outgoing> out = new ArrayList<>();
        Session caller = null;
        int requestId = 0;
        if (c.command() instanceof CallReducer r && !r.connectionId().isZero()) {
            caller = sessions.get(r.connectionId());
            requestId = r.requestId();
        }
        for (TxEffect tx : c.transactions()) {
            TransactionUpdates u = tx.committed() && !tx.changes().isEmpty()
                    ? subs.onTransaction(tx.changes(), reader()) : TransactionUpdates.EMPTY;
            WireRows wire = new WireRows();
            for (QuerySetFailure f : u.failures()) {
                Session s = sessions.get(f.client());
                if (s != null) {
                    out.add(new Outgoing(s, new ServerMessage.SubscriptionError(OptionalInt.empty(),
                            new dev.lightcone.gateway.protocol.QuerySetId(f.querySetId()), f.error())));
                }
            }
            boolean callersTx = caller != null && tx.index() == 0;
            ClientUpdate callersUpdate = null;
            for (ClientUpdate cu : u.clients()) {
                Session s = sessions.get(cu.client());
                if (s == null) {
                    continue;
                }
                if (callersTx && s == caller) {
                    callersUpdate = cu;
                    continue;
                }
                out.add(new Outgoing(s, new TransactionUpdate(wire.querySets(cu))));
            }
            if (callersTx) {
                out.add(new Outgoing(caller, new ServerMessage.ReducerResult(requestId, tx.timestamp(),
                        outcome(tx.outcome(), callersUpdate == null ? List.of() : wire.querySets(callersUpdate)))));
            }
        }
        if (caller != null && c.transactions().isEmpty()) {
            out.add(new Outgoing(caller, new ServerMessage.ReducerResult(requestId, c.command().timestamp(),
                    new dev.lightcone.gateway.protocol.ReducerOutcome.InternalError(
                            c.error() == null ? "the call did not run" : c.error()))));
        }
        enqueue(c.offset(), out);
    }

    private static dev.lightcone.gateway.protocol.ReducerOutcome outcome(ReducerOutcome o,
            List<dev.lightcone.gateway.protocol.QuerySetUpdate> updates) {
        if (o instanceof ReducerOutcome.Committed) {
            return new dev.lightcone.gateway.protocol.ReducerOutcome.Ok(
                    new ReducerOk(new byte[0], new TransactionUpdate(updates)));
        }
        if (o instanceof ReducerOutcome.Failed f) {
            return new dev.lightcone.gateway.protocol.ReducerOutcome.Err(
                    new BsatnWriter().writeString(f.message()).toByteArray());
        }
        return new dev.lightcone.gateway.protocol.ReducerOutcome.InternalError(((ReducerOutcome.InternalError) o).message());
    }

    // ---------------------------------------------------------------- release in order

    /**
     * Queues messages computed after command {@code offset}; sends at once if it is already released.
     * Clients that asked for unconfirmed reads get theirs at once, in the writer's order. All go out through the
     * delivery thread.
     */
    void enqueue(long offset, List<Outgoing> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<Outgoing> confirmed = new ArrayList<>(messages.size());
        List<Outgoing> unconfirmed = new ArrayList<>();
        for (Outgoing o : messages) {
            (o.session().confirmedReads() ? confirmed : unconfirmed).add(o);
        }
        if (!unconfirmed.isEmpty()) {
            deliver(unconfirmed);
        }
        if (confirmed.isEmpty()) {
            return;
        }
        synchronized (releaseLock) {
            if (offset <= released) {
                deliver(confirmed);
            } else {
                pending.addLast(new Pending(offset, confirmed));
            }
        }
    }

    private void release(long offset) {
        synchronized (releaseLock) {
            released = Math.max(released, offset);
            while (!pending.isEmpty() && pending.peekFirst().offset() <= released) {
                deliver(pending.pollFirst().messages());
            }
        }
    }

    /** Queues a batch for the delivery thread; confirmed batches are queued under the release lock, in order. */
    private void deliver(List<Outgoing> messages) {
        try {
            delivery.execute(() -> {
                for (Outgoing o : messages) {
                    o.session().emit(o.message());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("database closing, {} messages not sent", messages.size());
        }
    }

    @Override
    public void close() {
        meters.forEach(io.micrometer.core.instrument.Metrics.globalRegistry::remove);
        for (Session s : sessions.values()) {
            s.end();
        }
        ingest.close();
        delivery.shutdown();
        writer.storage().close();
    }
}
