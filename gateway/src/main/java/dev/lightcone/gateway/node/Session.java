package dev.lightcone.gateway.node;

import dev.lightcone.executor.ProcedureOutcome;
import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.CloseCode;
import dev.lightcone.gateway.protocol.EncodedMessage;
import dev.lightcone.gateway.protocol.UnsubscribeFlags;
import dev.lightcone.gateway.service.Admission;
import dev.lightcone.gateway.service.ClientSession;
import dev.lightcone.materializer.runtime.MaterializedSession;
import dev.lightcone.materializer.runtime.SessionUpdate;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One WebSocket client of one database, as the gateway sees it: client messages go, in arrival order
 * on a serial lane (a blocked append never stalls a network thread), to ingest (calls) or to the
 * materializer (subscriptions, queries); the materializer's updates come back as protocol messages.
 */
final class Session implements ClientSession {
    /**
     * Subscribe, unsubscribe and one-off query requests of one connection that may wait for their answer to be
     * sent: each is a task on the database's writer thread and an answer held for the client, so a client that
     * sends reads without taking the answers is refused (1013) instead of queueing work and memory without end.
     */
    static final int MAX_UNANSWERED_READS = 1_024;
    /** Query sets one connection may hold at once; more is refused with 1008. */
    static final int MAX_QUERY_SETS = 4_096;

    private final Database db;
    private final Identity identity;
    private final ConnectionId connectionId;
    private final MaterializedSession view;
    private final SerialLane lane;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger unansweredReads = new AtomicInteger();
    /** The query set ids subscribed and not yet dropped (an unsubscribe or a failure drops one). */
    private final Set<Integer> querySets = ConcurrentHashMap.newKeySet();
    /** Views this connection holds (only the lane touches it). */
    private final Set<String> heldViews = new HashSet<>();

    Session(Database db, Identity identity, ConnectionId connectionId, MaterializedSession view, ExecutorService pool) {
        this.db = db;
        this.identity = identity;
        this.connectionId = connectionId;
        this.view = view;
        this.lane = new SerialLane(pool);
    }

    @Override
    public Flux<List<EncodedMessage>> outbound() {
        return view.batches().map(batch -> {
            List<EncodedMessage> out = new ArrayList<>(batch.size());
            for (SessionUpdate u : batch) {
                answered(u);
                out.add(WireMessages.encode(u));
            }
            return out;
        });
    }

    /** Counts off the answers to reads, and the query sets the database dropped, as they leave for the client. */
    private void answered(SessionUpdate u) {
        if (u instanceof SessionUpdate.SubscribeApplied || u instanceof SessionUpdate.UnsubscribeApplied
                || u instanceof SessionUpdate.OneOffResult) {
            unansweredReads.decrementAndGet();
        } else if (u instanceof SessionUpdate.SubscriptionFailed f) {
            if (f.requestId().isPresent()) {
                unansweredReads.decrementAndGet();
            }
            querySets.remove(f.querySetId());
        }
    }

    @Override
    public Mono<String> tooSlow() {
        return view.cutOff();
    }

    @Override
    public Admission offer(ClientMessage message) {
        if (closed.get()) {
            return new Admission.Refused(CloseCode.GOING_AWAY, "session closed");
        }
        boolean read = message instanceof ClientMessage.Subscribe || message instanceof ClientMessage.Unsubscribe
                || message instanceof ClientMessage.OneOffQuery;
        if (read && unansweredReads.incrementAndGet() > MAX_UNANSWERED_READS) {
            return new Admission.Refused(CloseCode.TRY_AGAIN,
                    "too many requests: more than " + MAX_UNANSWERED_READS + " subscriptions or queries unanswered");
        }
        if (message instanceof ClientMessage.Subscribe s) {
            if (querySets.size() >= MAX_QUERY_SETS && !querySets.contains(s.querySetId().id())) {
                return new Admission.Refused(CloseCode.POLICY_VIOLATION,
                        "too many subscriptions: at most " + MAX_QUERY_SETS + " query sets per connection");
            }
            querySets.add(s.querySetId().id());
        } else if (message instanceof ClientMessage.Unsubscribe u) {
            querySets.remove(u.querySetId().id());
        }
        if (message instanceof ClientMessage.CallReducer c && lane.runIfIdle(() -> callWithoutWaiting(c))) {
            return Admission.ACCEPTED;
        }
        if (!lane.submit(() -> handle(message))) {
            return new Admission.Refused(CloseCode.TRY_AGAIN,
                    "too many requests: more than " + SerialLane.MAX_QUEUED + " messages queued");
        }
        return Admission.ACCEPTED;
    }

    /**
     * Logs a reducer call on the network thread when ingest has room for it at once (the common case: no
     * hand-off to the lane's thread); false when admission would have to wait, which only the lane may do.
     */
    private boolean callWithoutWaiting(ClientMessage.CallReducer c) {
        Optional<CompletableFuture<AppliedCommand>> call = db.ingest.callReducerWithoutWaiting(identity, connectionId,
                c.requestId(), c.reducer(), c.args());
        call.ifPresent(f -> f.exceptionally(failure -> {
            view.reducerRefused(c.requestId(), Timestamp.ofInstant(Instant.now()), cause(failure).getMessage());
            return null;
        }));
        return call.isPresent();
    }

    private void handle(ClientMessage m) {
        if (m instanceof ClientMessage.Subscribe s) {
            Optional<String> refused = holdViews(s.queryStrings());
            if (refused.isPresent()) {
                view.subscriptionRefused(s.requestId(), s.querySetId().id(), refused.get());
            } else {
                view.subscribe(s.requestId(), s.querySetId().id(), s.queryStrings());
            }
        } else if (m instanceof ClientMessage.Unsubscribe u) {
            view.unsubscribe(u.requestId(), u.querySetId().id(), u.flags() == UnsubscribeFlags.SEND_DROPPED_ROWS);
        } else if (m instanceof ClientMessage.OneOffQuery q) {
            view.oneOffQuery(q.requestId(), q.queryString());
        } else if (m instanceof ClientMessage.CallReducer c) {
            db.ingest.callReducer(identity, connectionId, c.requestId(), c.reducer(), c.args())
                    .exceptionally(failure -> {
                        view.reducerRefused(c.requestId(), Timestamp.ofInstant(Instant.now()), cause(failure).getMessage());
                        return null;
                    });
        } else if (m instanceof ClientMessage.CallProcedure p) {
            db.ingest.callProcedure(identity, connectionId, p.procedure(), p.args()).whenComplete((call, failure) -> {
                if (failure != null) {
                    String why = cause(failure).getMessage();
                    view.procedureFinished(p.requestId(), Timestamp.ofInstant(Instant.now()), 0,
                            new ProcedureOutcome.InternalError(why, why), -1);
                } else {
                    var r = call.result();
                    view.procedureFinished(p.requestId(), r.timestamp(), r.durationMicros(), r.outcome(), call.offset());
                }
            });
        }
    }

    /**
     * Makes this connection hold the materialized views the queries name, through the log (which views
     * are materialized decides which transactions re-run them), before the subscription reads them.
     * Waits on this session's lane, so the subscription is registered after the record is applied.
     *
     * @return why the views cannot be held, if they cannot
     */
    private Optional<String> holdViews(List<String> sqls) {
        List<String> needed = new ArrayList<>();
        for (String v : view.viewsNamedIn(sqls)) {
            if (!heldViews.contains(v)) {
                needed.add(v);
            }
        }
        if (needed.isEmpty()) {
            return Optional.empty();
        }
        try {
            AppliedCommand applied = db.ingest.subscribeViews(identity, connectionId, needed).join();
            Optional<String> failure = applied.failure();
            if (failure.isPresent()) {
                return failure;
            }
        } catch (CompletionException e) {
            return Optional.of(cause(e).getMessage());
        }
        heldViews.addAll(needed);
        return Optional.empty();
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            view.close();
            db.ingest.disconnect(identity, connectionId);
        }
    }
}
