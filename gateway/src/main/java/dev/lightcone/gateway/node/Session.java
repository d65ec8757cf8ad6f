package dev.lightcone.gateway.node;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.ProcedureStatus;
import dev.lightcone.gateway.protocol.QueryOutcome;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.UnsubscribeFlags;
import dev.lightcone.gateway.service.ClientSession;
import dev.lightcone.materializer.engine.PreparedQuery;
import dev.lightcone.materializer.engine.PreparedStatement;
import dev.lightcone.materializer.engine.SqlResult;
import dev.lightcone.materializer.plan.Caller;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.LightconeException;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.Timestamp;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One WebSocket client of one database. Client messages are handled in arrival order on a serial
 * lane (so a blocked append never stalls the network thread); reads run on the database's writer
 * thread; every outgoing message goes through the database's ordered release.
 */
final class Session implements ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final Database db;
    private final Identity identity;
    private final ConnectionId connectionId;
    private final Caller caller;
    private final SerialLane lane;
    private final Sinks.Many<ServerMessage> out = Sinks.many().unicast().onBackpressureBuffer();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** False when the client asked for {@code confirmed=false}: it hears of transactions before they are durable. */
    private final boolean confirmedReads;

    Session(Database db, Identity identity, ConnectionId connectionId, boolean confirmedReads, ExecutorService pool) {
        this.db = db;
        this.confirmedReads = confirmedReads;
        this.identity = identity;
        this.connectionId = connectionId;
        this.caller = db.callerFor(identity);
        this.lane = new SerialLane(pool);
    }

    ConnectionId connectionId() {
        return connectionId;
    }

    boolean confirmedReads() {
        return confirmedReads;
    }

    @Override
    public Flux<ServerMessage> outbound() {
        return out.asFlux();
    }

    /** Sends a message. Synchronized: unconfirmed sessions are sent to from more than one thread. */
    synchronized void emit(ServerMessage m) {
        Sinks.EmitResult r = out.tryEmitNext(m);
        if (r.isFailure() && !closed.get()) {
            LOG.warn("dropping a message to {}: {}", connectionId, r);
        }
    }

    /** Ends the outbound stream (the database is going away). */
    void end() {
        out.tryEmitComplete();
    }

    @Override
    public boolean offer(ClientMessage message) {
        if (closed.get()) {
            return false;
        }
        return lane.submit(() -> handle(message));
    }

    private void handle(ClientMessage m) {
        if (m instanceof ClientMessage.Subscribe s) {
            db.writer.submit(() -> {
                ServerMessage reply;
                try {
                    var rows = db.subscriptions().subscribe(connectionId, caller, s.querySetId().id(), s.queryStrings(),
                            db.reader());
                    reply = new ServerMessage.SubscribeApplied(s.requestId(), s.querySetId(), WireRows.queryRows(rows));
                } catch (LightconeException e) {
                    reply = new ServerMessage.SubscriptionError(OptionalInt.of(s.requestId()), s.querySetId(), e.getMessage());
                }
                db.enqueue(db.writer.appliedOffset(), List.of(new Database.Outgoing(this, reply)));
                return null;
            });
        } else if (m instanceof ClientMessage.Unsubscribe u) {
            db.writer.submit(() -> {
                ServerMessage reply;
                try {
                    boolean send = u.flags() == UnsubscribeFlags.SEND_DROPPED_ROWS;
                    var rows = db.subscriptions().unsubscribe(connectionId, u.querySetId().id(), send, db.reader());
                    reply = new ServerMessage.UnsubscribeApplied(u.requestId(), u.querySetId(),
                            rows.map(WireRows::queryRows));
                } catch (LightconeException e) {
                    reply = new ServerMessage.SubscriptionError(OptionalInt.of(u.requestId()), u.querySetId(), e.getMessage());
                }
                db.enqueue(db.writer.appliedOffset(), List.of(new Database.Outgoing(this, reply)));
                return null;
            });
        } else if (m instanceof ClientMessage.OneOffQuery q) {
            db.writer.submit(() -> {
                QueryOutcome result;
                try {
                    PreparedStatement p = db.sqlEngine().prepare(q.queryString(), caller);
                    if (!(p instanceof PreparedQuery query)) {
                        throw new IllegalArgumentException("one-off queries cannot modify data");
                    }
                    SqlResult r = query.execute(db.reader());
                    result = new QueryOutcome.Ok(new dev.lightcone.gateway.protocol.QueryRows(List.of(
                            new dev.lightcone.gateway.protocol.SingleTableRows(tableName(query),
                                    dev.lightcone.gateway.protocol.BsatnRowList.of(r.rows())))));
                } catch (LightconeException | IllegalArgumentException e) {
                    result = new QueryOutcome.Err(e.getMessage());
                }
                db.enqueue(db.writer.appliedOffset(), List.of(new Database.Outgoing(this,
                        new ServerMessage.OneOffQueryResult(q.requestId(), result))));
                return null;
            });
        } else if (m instanceof ClientMessage.CallReducer c) {
            db.ingest.callReducer(identity, connectionId, c.requestId(), c.reducer(), c.args())
                    .exceptionally(failure -> {
                        Throwable e = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        db.enqueue(-1, List.of(new Database.Outgoing(this, new ServerMessage.ReducerResult(c.requestId(),
                                Timestamp.ofInstant(java.time.Instant.now()),
                                new dev.lightcone.gateway.protocol.ReducerOutcome.InternalError(e.getMessage())))));
                        return null;
                    });
        } else if (m instanceof ClientMessage.CallProcedure p) {
            db.ingest.callProcedure(identity, connectionId, p.procedure(), p.args()).whenComplete((call, failure) -> {
                Throwable e = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                ProcedureStatus status;
                Timestamp ts = Timestamp.ofInstant(java.time.Instant.now());
                long micros = 0;
                long offset = -1;
                if (e != null) {
                    status = new ProcedureStatus.InternalError(e.getMessage());
                } else {
                    var r = call.result();
                    ts = r.timestamp();
                    micros = r.durationMicros();
                    offset = call.offset();
                    status = r.outcome() instanceof dev.lightcone.executor.ProcedureOutcome.Returned ret
                            ? new ProcedureStatus.Returned(ret.value())
                            : new ProcedureStatus.InternalError(
                                    ((dev.lightcone.executor.ProcedureOutcome.InternalError) r.outcome()).message());
                }
                // Queued from the writer thread, after the updates of the procedure's own transactions.
                ServerMessage reply = new ServerMessage.ProcedureResult(status, ts, new TimeDuration(micros), p.requestId());
                long at = offset;
                db.writer.submit(() -> {
                    db.enqueue(at, List.of(new Database.Outgoing(this, reply)));
                    return null;
                });
            });
        }
    }

    private static String tableName(PreparedQuery q) {
        String sql = q.sql().trim();
        int from = sql.toUpperCase(java.util.Locale.ROOT).indexOf(" FROM ");
        if (from < 0) {
            return "result";
        }
        String rest = sql.substring(from + 6).trim();
        int end = 0;
        while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_')) {
            end++;
        }
        return end == 0 ? "result" : rest.substring(0, end);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            out.tryEmitComplete();
            db.unregister(this);
            db.ingest.disconnect(identity, connectionId);
        }
    }
}
