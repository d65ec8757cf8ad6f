package dev.lightcone.materializer.runtime;

import dev.lightcone.executor.ProcedureOutcome;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.materializer.engine.PreparedQuery;
import dev.lightcone.materializer.engine.PreparedStatement;
import dev.lightcone.materializer.engine.SqlResult;
import dev.lightcone.materializer.plan.SqlCaller;
import dev.lightcone.materializer.runtime.internal.WriterSide;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.materializer.subscription.QueryDelta;
import dev.lightcone.materializer.subscription.QuerySetDelta;
import dev.lightcone.materializer.subscription.QuerySetRows;
import dev.lightcone.materializer.subscription.TableDelta;
import dev.lightcone.materializer.subscription.TableRows;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.LightconeException;
import dev.lightcone.sats.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected client's view of its database: its query sets, and the one stream of updates it is
 * sent ({@link #updates()}), in the order the database decided them. Requests may come from any thread;
 * reads run on the writer thread; updates are delivered on the database's delivery thread.
 */
public final class MaterializedSession {
    /**
     * Row bytes that may wait for one client before it is cut off like a client a whole buffer behind. One update
     * larger than this still goes out when nothing else waits (a big initial subscription is not refused).
     */
    public static final long MAX_WAITING_BYTES = 64L << 20;
    /** The answer to a query nested deeper than the writer thread's stack allows (the writer itself goes on). */
    static final String TOO_DEEP = "query is nested too deeply";

    private final DatabaseRuntime runtime;
    private final ConnectionId connectionId;
    private final SqlCaller caller;
    private final boolean confirmedReads;
    private final int buffer;
    private static final Logger LOG = LoggerFactory.getLogger(MaterializedSession.class);
    private final Sinks.Many<Batch> out;
    /**
     * Updates delivered in the current delivery burst and not yet handed to the stream (delivery thread only): they
     * go out together at the end of the burst, as one batch, so the connection gets one hand-off and one write.
     */
    private List<SessionUpdate> pending;
    /** Row bytes of {@link #pending}. */
    private long pendingBytes;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Emits once when the client fell too far behind: its stream ends at once, whatever it holds. */
    private final Sinks.One<String> cutOff = Sinks.one();
    /** Updates handed to the stream and not yet taken by the client. */
    private final AtomicInteger waiting = new AtomicInteger();
    /** Row bytes of the updates counted in {@link #waiting}. */
    private final AtomicLong waitingBytes = new AtomicLong();

    MaterializedSession(DatabaseRuntime runtime, Identity identity, ConnectionId connectionId, boolean confirmedReads,
            int buffer) {
        this.runtime = runtime;
        this.connectionId = connectionId;
        this.caller = runtime.callerFor(identity);
        this.confirmedReads = confirmedReads;
        this.buffer = buffer;
        // A linked queue that grows as needed; the bound is counted (waiting), so an idle session costs nothing.
        this.out = Sinks.many().unicast().onBackpressureBuffer();
    }

    public ConnectionId connectionId() {
        return connectionId;
    }

    /** False when the client asked for {@code confirmed=false}: it hears of transactions before they are durable. */
    public boolean confirmedReads() {
        return confirmedReads;
    }

    /** Updates that went to the client's stream together, with the bytes of their rows (counted once). */
    private record Batch(List<SessionUpdate> updates, long rowBytes) {
    }

    /**
     * The updates to send, in order, in batches: the updates one delivery burst had for this client (e.g. every
     * transaction a durability mark released), to be written together. Subscribe once, to this or to
     * {@link #updates()}. Completes when the database goes away. When the client falls a whole buffer behind,
     * {@link #cutOff()} completes and this stream gets nothing more.
     */
    public Flux<List<SessionUpdate>> batches() {
        return out.asFlux().map(b -> {
            waiting.addAndGet(-b.updates().size());
            waitingBytes.addAndGet(-b.rowBytes());
            return b.updates();
        });
    }

    /** The updates to send, one by one, in order (see {@link #batches()}). Subscribe once, to this or to that. */
    public Flux<SessionUpdate> updates() {
        return batches().concatMapIterable(b -> b);
    }

    /**
     * Completes, with the reason, when the client fell so far behind that it must be disconnected; its
     * queued updates are not worth sending. Never completes otherwise.
     */
    public Mono<String> cutOff() {
        return cutOff.asMono();
    }

    // ---------------------------------------------------------------- requests

    /** Answers a subscription refused before it reached the subscriptions (its views could not be held). */
    public void subscriptionRefused(int requestId, int querySetId, String message) {
        reply(() -> new SessionUpdate.SubscriptionFailed(OptionalInt.of(requestId), querySetId, message));
    }

    /** The materialized views these queries name that this connection must hold first (see {@link DatabaseRuntime#viewsNamedIn}). */
    public List<String> viewsNamedIn(List<String> sqls) {
        return runtime.viewsNamedIn(sqls);
    }

    /** Registers a query set; the client gets its initial rows or an error. */
    public void subscribe(int requestId, int querySetId, List<String> sqls) {
        reply(() -> {
            try {
                WriterSide w = runtime.writerSide();
                QuerySetRows rows = w.subscriptions().subscribe(connectionId, caller, querySetId, sqls, w.state());
                return new SessionUpdate.SubscribeApplied(requestId, querySetId, rows);
            } catch (LightconeException e) {
                return new SessionUpdate.SubscriptionFailed(OptionalInt.of(requestId), querySetId, e.getMessage());
            } catch (StackOverflowError e) {
                return new SessionUpdate.SubscriptionFailed(OptionalInt.of(requestId), querySetId, TOO_DEEP);
            }
        });
    }

    /** Drops a query set; with {@code sendRows} the client gets the rows it held. */
    public void unsubscribe(int requestId, int querySetId, boolean sendRows) {
        reply(() -> {
            try {
                WriterSide w = runtime.writerSide();
                Optional<QuerySetRows> rows = w.subscriptions().unsubscribe(connectionId, querySetId, sendRows, w.state());
                return new SessionUpdate.UnsubscribeApplied(requestId, querySetId, rows);
            } catch (LightconeException e) {
                return new SessionUpdate.SubscriptionFailed(OptionalInt.of(requestId), querySetId, e.getMessage());
            }
        });
    }

    /** Runs a read-only query once. */
    public void oneOffQuery(int requestId, String sql) {
        reply(() -> {
            try {
                WriterSide w = runtime.writerSide();
                PreparedStatement p = w.sql().prepare(sql, caller);
                if (!(p instanceof PreparedQuery query)) {
                    throw new IllegalArgumentException("one-off queries cannot modify data");
                }
                SqlResult r = query.execute(w.stateForQuery(caller));
                return new SessionUpdate.OneOffResult(requestId, tableName(query), r.rows(), Optional.empty());
            } catch (LightconeException | IllegalArgumentException e) {
                return new SessionUpdate.OneOffResult(requestId, "", List.of(), Optional.of(e.getMessage()));
            } catch (StackOverflowError e) {
                return new SessionUpdate.OneOffResult(requestId, "", List.of(), Optional.of(TOO_DEEP));
            }
        });
    }

    /** Answers a reducer call that was refused before it reached the log. */
    public void reducerRefused(int requestId, Timestamp timestamp, String message) {
        runtime.onWriter(() -> {
            runtime.emitFromWriter(-1, List.of(new DatabaseRuntime.Outgoing(this, new SessionUpdate.ReducerReply(
                    requestId, timestamp, new TxOutcome.InternalError(message, message), List.of(),
                    new SharedEncodings()))));
            return null;
        });
    }

    /**
     * Answers a procedure call; the reply follows the updates of the record at {@code afterOffset} (its
     * last transaction), so the client sees the procedure's own changes first.
     */
    public void procedureFinished(int requestId, Timestamp timestamp, long durationMicros, ProcedureOutcome outcome,
            long afterOffset) {
        runtime.onWriter(() -> {
            runtime.emitFromWriter(afterOffset, List.of(new DatabaseRuntime.Outgoing(this,
                    new SessionUpdate.ProcedureReply(requestId, timestamp, durationMicros, outcome))));
            return null;
        });
    }

    /** Computes a reply on the writer thread and queues it after the state it read. */
    private void reply(java.util.function.Supplier<SessionUpdate> read) {
        runtime.onWriter(() -> {
            SessionUpdate u = read.get();
            runtime.emitFromWriter(runtime.writerSide().ready() ? writerOffset() : -1,
                    List.of(new DatabaseRuntime.Outgoing(this, u)));
            return null;
        });
    }

    private long writerOffset() {
        return runtime.appliedOffset();
    }

    private static String tableName(PreparedQuery q) {
        String sql = q.sql().trim();
        int from = sql.toUpperCase(Locale.ROOT).indexOf(" FROM ");
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

    // ---------------------------------------------------------------- delivery

    /** On the delivery thread: hands one update to the client's stream, or cuts a client that fell behind. */
    void deliver(SessionUpdate update) {
        if (ended.get()) {
            return;
        }
        if (waiting.incrementAndGet() > buffer) {
            cutOffBehind("client fell " + buffer + " updates behind");
            return;
        }
        long bytes = rowBytes(update);
        long before = waitingBytes.getAndAdd(bytes);
        if (before > 0 && before + bytes > MAX_WAITING_BYTES) {
            cutOffBehind("client left more than " + (MAX_WAITING_BYTES >> 20) + " MiB of updates unread");
            return;
        }
        if (pending == null) {
            pending = new ArrayList<>(4);
            runtime.flushAfterBurst(this);
        }
        pending.add(update);
        pendingBytes += bytes;
    }

    /** On the delivery thread, at the end of a delivery burst: hands this burst's updates to the stream at once. */
    void flush() {
        List<SessionUpdate> batch = pending;
        long bytes = pendingBytes;
        pending = null;
        pendingBytes = 0;
        if (batch == null || ended.get()) {
            return;
        }
        Sinks.EmitResult r = out.tryEmitNext(new Batch(batch, bytes));
        if (r.isFailure()) {
            // Cancelled or terminated: nobody takes this client's updates any more. It leaves the runtime at once
            // (no work, no log line for it in later transactions) and the gateway is told to close its socket.
            cutOffBehind("the client's update stream is closed (" + r + ")");
        }
    }

    /**
     * On the delivery thread: delivering to this client failed unexpectedly. Only this client is cut off; the
     * database's update stream, shared by every client, must go on.
     */
    void deliveryFailed(RuntimeException e) {
        if (!ended.get()) {
            LOG.error("delivering an update to client {} failed; closing its connection", connectionId(), e);
        }
        cutOffBehind("delivering an update failed: " + e.getMessage());
    }

    /** The client fell a whole buffer behind: its stream ends now and it gets no more updates. */
    private void cutOffBehind(String why) {
        if (ended.compareAndSet(false, true)) {
            runtime.remove(this);
            cutOff.tryEmitValue(why);
        }
    }

    /** The bytes of the rows an update carries: what it costs to hold for a client (the rest is small and bounded). */
    static long rowBytes(SessionUpdate u) {
        if (u instanceof SessionUpdate.SubscribeApplied a) {
            return rowBytes(a.rows());
        } else if (u instanceof SessionUpdate.UnsubscribeApplied a) {
            return a.rows().map(MaterializedSession::rowBytes).orElse(0L);
        } else if (u instanceof SessionUpdate.TransactionDelta d) {
            return deltaBytes(d.querySets());
        } else if (u instanceof SessionUpdate.ReducerReply r) {
            return deltaBytes(r.querySets());
        } else if (u instanceof SessionUpdate.OneOffResult r) {
            long n = 0;
            for (byte[] row : r.rows()) {
                n += row.length;
            }
            return n;
        }
        return 0;
    }

    private static long rowBytes(QuerySetRows rows) {
        long n = 0;
        for (TableRows t : rows.tables()) {
            for (Row r : t.rows()) {
                n += r.size();
            }
        }
        return n;
    }

    private static long deltaBytes(List<QuerySetDelta> sets) {
        long n = 0;
        for (QuerySetDelta s : sets) {
            for (TableDelta t : s.tables()) {
                for (QueryDelta q : t.updates()) {
                    n += q.rowBytes();
                }
            }
        }
        return n;
    }

    /** Ends the stream: the database is going away. */
    void end() {
        runtime.onDelivery(() -> {
            flush();
            if (ended.compareAndSet(false, true)) {
                out.tryEmitComplete();
            }
        });
    }

    /** The client is gone: drops its query sets and ends its stream. Idempotent. */
    public void close() {
        runtime.remove(this);
        end();
    }
}
