package dev.lightcone.bench.soak;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.ReducerOutcome;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.sats.bsatn.BsatnReader;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A WebSocket caller: keeps up to {@code inFlight} calls from its {@link SoakCall} supplier waiting (paced to
 * {@code callsPerSecond} when positive). A committed result acknowledges the call's marker in the ledger (the
 * connection asks for confirmed results, so it is durable). Calls still waiting when the connection goes have an
 * unknown outcome; a call unanswered for {@code callTimeout} on an open connection is a stall. State is touched only
 * on the channel's event loop.
 */
final class CallerConnection extends SoakSocket {
    private record Waiting(SoakCall call, long sentNanos) {
    }

    private final Supplier<SoakCall> calls;
    private final int inFlight;
    private final double callsPerNano;
    private final long timeoutNanos;
    private final Ledger ledger;
    private final SoakStats stats;
    private final Map<Integer, Waiting> waiting = new HashMap<>();
    private ScheduledFuture<?> ticker;
    private int nextRequestId;
    private long sent;
    private long startNanos;
    private boolean finishing;

    CallerConnection(Supplier<SoakCall> calls, int inFlight, double callsPerSecond, Duration callTimeout, Ledger ledger,
            SoakStats stats) {
        this.calls = calls;
        this.inFlight = inFlight;
        this.callsPerNano = callsPerSecond / 1e9;
        this.timeoutNanos = callTimeout.toNanos();
        this.ledger = ledger;
        this.stats = stats;
    }

    @Override
    void onReady(ChannelHandlerContext ctx) {
        startNanos = System.nanoTime();
        ticker = ctx.channel().eventLoop().scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
        fill();
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, ServerMessage m) {
        if (!(m instanceof ServerMessage.ReducerResult r)) {
            stats.unexpected("caller got " + m.getClass().getSimpleName());
            return;
        }
        Waiting w = waiting.remove(r.requestId());
        if (w == null) {
            stats.unexpected("result for a call not waiting (answered after its stall time-out?)");
            return;
        }
        boolean chat = w.call().marker() != null;
        ReducerOutcome outcome = r.result();
        if (outcome instanceof ReducerOutcome.Ok || outcome instanceof ReducerOutcome.OkEmpty) {
            acknowledge(w.call());
        } else if (outcome instanceof ReducerOutcome.Err e) {
            if (!chat) {
                stats.transferErrs.increment();
            }
            stats.unexpected("reducer " + w.call().reducer() + " Err: " + errorText(e.error()));
        } else if (outcome instanceof ReducerOutcome.InternalError e) {
            stats.unexpected("reducer " + w.call().reducer() + " InternalError: " + e.message());
        }
        if (finishing && waiting.isEmpty()) {
            closeNow();
        } else {
            fill();
        }
    }

    private void acknowledge(SoakCall call) {
        if (call.marker() != null) {
            ledger.acknowledge(call.marker());
            stats.chatAcknowledgedWs.increment();
        } else {
            stats.transfersAcknowledged.increment();
        }
    }

    @Override
    void onClosed() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        stats.unknownOutcome.add(waiting.size());
        waiting.clear();
    }

    @Override
    void finish() {
        channel.eventLoop().execute(() -> {
            finishing = true;
            if (waiting.isEmpty()) {
                closeNow();
            }
        });
    }

    private void tick() {
        long now = System.nanoTime();
        for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (now - w.sentNanos() > timeoutNanos) {
                it.remove();
                stats.stalledCalls.increment();
                stats.unexpected("call " + w.call().reducer() + " unanswered for "
                        + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s on an open connection");
            }
        }
        if (finishing && waiting.isEmpty()) {
            closeNow();
            return;
        }
        fill();
    }

    private void fill() {
        if (finishing || !channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        long budget = inFlight - waiting.size();
        if (callsPerNano > 0) {
            budget = Math.min(budget, (long) ((now - startNanos) * callsPerNano) + 1 - sent);
        }
        for (long i = 0; i < budget; i++) {
            SoakCall c = calls.get();
            int id = nextRequestId++;
            waiting.put(id, new Waiting(c, now));
            sent++;
            send(ClientMessage.CallReducer.of(id, c.reducer(), c.args()));
        }
    }

    private static String errorText(byte[] error) {
        try {
            return new BsatnReader(error).readString();
        } catch (RuntimeException e) {
            return "(not a string)";
        }
    }
}
