package dev.lightcone.bench.load;

import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.ReducerOutcome;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.sats.bsatn.BsatnReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;

/**
 * One generator connection: after the server's {@code InitialConnection} it keeps up to {@code inFlight}
 * {@code transfer} calls waiting, sending the next one as each {@code ReducerResult} arrives (or, when paced, as its
 * share of the rate allows), until the run's end; then it lets the calls in flight finish. All state is touched only
 * on the channel's event loop; the generator reads the counters after {@link #drained} completes.
 */
final class LoadConnection extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** When the run starts, when measuring starts and when sending stops ({@link System#nanoTime()}). */
    record Phases(long start, long measureFrom, long end) {
    }

    private static final long NO_REQUEST = -1;
    private static final int MAX_ERROR_KINDS = 20;

    private final int inFlightLimit;
    private final ZipfSampler accounts;
    private final SplittableRandom rnd;
    private final double callsPerNano;
    private final long timeoutNanos;
    /** Send time of the call in each slot; slot = request id & mask; {@link #slotRequest} says which id. */
    private final long[] sendNanos;
    private final long[] slotRequest;
    private final int mask;

    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<Void> drained = new CompletableFuture<>();

    private Channel channel;
    private Phases phases;
    private boolean needsFlush;
    private boolean closing;
    private int nextRequestId;
    private int inFlight;
    private long lastScan;

    // Results (read by the generator once drained).
    final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    long[] committedPerSecond = new long[0];
    long sent;
    long committed;
    long committedMeasured;
    long errs;
    long internalErrors;
    long timeouts;
    long lateResults;
    long protocolErrors;
    final TreeMap<String, Long> errorKinds = new TreeMap<>();

    LoadConnection(int inFlightLimit, ZipfSampler accounts, long seed, double callsPerSecond, long timeoutNanos) {
        this.inFlightLimit = inFlightLimit;
        this.accounts = accounts;
        this.rnd = new SplittableRandom(seed);
        this.callsPerNano = callsPerSecond / 1e9;
        this.timeoutNanos = timeoutNanos;
        int slots = Integer.highestOneBit(Math.max(1, inFlightLimit) * 64 - 1) << 1;
        this.sendNanos = new long[slots];
        this.slotRequest = new long[slots];
        Arrays.fill(slotRequest, NO_REQUEST);
        this.mask = slots - 1;
    }

    /** Starts sending (called from any thread). */
    void start(Phases p) {
        channel.eventLoop().execute(() -> {
            phases = p;
            committedPerSecond = new long[(int) ((p.end() - p.measureFrom()) / 1_000_000_000L)];
            lastScan = System.nanoTime();
            fill(System.nanoTime());
            flush();
        });
    }

    /** Counts the calls still in flight as timed out and closes the socket normally (called from any thread). */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            closing = true;
            abandonInFlight();
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                        .addListener(f -> channel.close());
            }
            channel.closeFuture().addListener(f -> done.complete(null));
        });
        return done;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        long now = System.nanoTime();
        if (!(frame instanceof BinaryWebSocketFrame)) {
            protocolError("unexpected " + frame.getClass().getSimpleName());
            return;
        }
        ByteBuf c = frame.content();
        int tag = TransferWire.messageTag(c);
        if (!ready.isDone()) {
            if (tag == TransferWire.INITIAL_CONNECTION) {
                ready.complete(null);
            } else {
                ready.completeExceptionally(new IllegalStateException("first message was not InitialConnection: "
                        + describe(c)));
            }
            return;
        }
        if (tag != TransferWire.REDUCER_RESULT || !TransferWire.hasResultHead(c)) {
            protocolError("unexpected " + describe(c));
            return;
        }
        onResult(now, TransferWire.resultRequestId(c) & 0xFFFFFFFFL, TransferWire.resultOutcome(c), c);
        if (phases != null) {
            fill(now);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closing) {
            protocolError("connection closed by the server");
            abandonInFlight();
        }
        IllegalStateException closed = new IllegalStateException("connection closed");
        ready.completeExceptionally(closed);
        drained.complete(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        protocolError(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        ready.completeExceptionally(cause);
        ctx.close();
    }

    private void onResult(long now, long requestId, int outcome, ByteBuf frame) {
        int slot = (int) (requestId & mask);
        if (slotRequest[slot] != requestId) {
            if (requestId < nextRequestId) {
                lateResults++;
            } else {
                protocolError("result for a request never sent");
            }
            return;
        }
        slotRequest[slot] = NO_REQUEST;
        inFlight--;
        long sentAt = sendNanos[slot];
        if (sentAt >= phases.measureFrom() && sentAt < phases.end()) {
            latencyMicros.recordValue(Math.min((now - sentAt) / 1000, latencyMicros.getHighestTrackableValue()));
        }
        switch (outcome) {
            case TransferWire.OK, TransferWire.OK_EMPTY -> {
                committed++;
                if (now >= phases.measureFrom() && now < phases.end()) {
                    committedMeasured++;
                    int second = (int) ((now - phases.measureFrom()) / 1_000_000_000L);
                    if (second < committedPerSecond.length) {
                        committedPerSecond[second]++;
                    }
                }
            }
            case TransferWire.ERR -> {
                errs++;
                countKind("Err: " + reducerError(frame));
            }
            case TransferWire.INTERNAL_ERROR -> {
                internalErrors++;
                countKind("InternalError: " + reducerError(frame));
            }
            default -> protocolError("unknown ReducerOutcome tag " + outcome);
        }
        if (inFlight == 0 && now >= phases.end()) {
            drained.complete(null);
        }
    }

    /** The event loop this connection runs on. */
    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /**
     * Called on the event loop every millisecond (paced) or 100 ms by the generator: sends what the pace allows and,
     * once a second, counts calls waiting longer than the time-out as timed out.
     */
    void tick() {
        if (phases == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastScan >= 1_000_000_000L) {
            lastScan = now;
            for (int s = 0; s <= mask; s++) {
                if (slotRequest[s] != NO_REQUEST && now - sendNanos[s] > timeoutNanos) {
                    slotRequest[s] = NO_REQUEST;
                    inFlight--;
                    timeouts++;
                }
            }
        }
        fill(now);
        flush();
    }

    /** Sends as many calls as the in-flight limit (and the pace) allow; after the end, checks for drained. */
    private void fill(long now) {
        if (closing || phases == null) {
            return;
        }
        if (now >= phases.end()) {
            if (inFlight == 0) {
                drained.complete(null);
            }
            return;
        }
        long budget = inFlightLimit - inFlight;
        if (callsPerNano > 0) {
            long allowed = (long) ((now - phases.start()) * callsPerNano) + 1;
            budget = Math.min(budget, allowed - sent);
        }
        for (long i = 0; i < budget; i++) {
            send(now);
        }
    }

    private void send(long now) {
        int slot;
        do { // a slot still held by an old unanswered call is skipped, with its request id
            slot = nextRequestId & mask;
            nextRequestId++;
        } while (slotRequest[slot] != NO_REQUEST);
        long id = (nextRequestId - 1) & 0xFFFFFFFFL;
        int from;
        int to;
        do { // both drawn again when equal: keeps the pair distribution symmetric, so no account drifts
            from = accounts.next(rnd);
            to = accounts.next(rnd);
        } while (from == to);
        ByteBuf b = channel.alloc().buffer(TransferWire.CALL_SIZE);
        TransferWire.writeCall(b, (int) id, from, to, 1);
        slotRequest[slot] = id;
        sendNanos[slot] = now;
        inFlight++;
        sent++;
        channel.write(new BinaryWebSocketFrame(b), channel.voidPromise());
        needsFlush = true;
    }

    private void flush() {
        if (needsFlush) {
            needsFlush = false;
            channel.flush();
        }
    }

    private void abandonInFlight() {
        for (int s = 0; s <= mask; s++) {
            if (slotRequest[s] != NO_REQUEST) {
                slotRequest[s] = NO_REQUEST;
                timeouts++;
            }
        }
        inFlight = 0;
    }

    private void protocolError(String kind) {
        protocolErrors++;
        countKind(kind);
    }

    private void countKind(String kind) {
        if (errorKinds.size() < MAX_ERROR_KINDS || errorKinds.containsKey(kind)) {
            errorKinds.merge(kind, 1L, Long::sum);
        }
    }

    /** The message of an {@code Err} (a BSATN string) or {@code InternalError} result. */
    private static String reducerError(ByteBuf frame) {
        try {
            ServerMessage m = V2Messages.decodeServerMessage(CompressionEnvelope.open(ByteBufUtil.getBytes(frame)));
            if (m instanceof ServerMessage.ReducerResult r) {
                if (r.result() instanceof ReducerOutcome.Err e) {
                    return new BsatnReader(e.error()).readString();
                }
                if (r.result() instanceof ReducerOutcome.InternalError ie) {
                    return ie.message();
                }
            }
            return String.valueOf(m);
        } catch (RuntimeException e) {
            return "(undecodable: " + e.getMessage() + ")";
        }
    }

    private static String describe(ByteBuf frame) {
        try {
            ServerMessage m = V2Messages.decodeServerMessage(CompressionEnvelope.open(ByteBufUtil.getBytes(frame)));
            return m.getClass().getSimpleName();
        } catch (RuntimeException e) {
            return "undecodable frame (" + e.getMessage() + ")";
        }
    }
}
