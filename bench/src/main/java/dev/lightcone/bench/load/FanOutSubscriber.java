package dev.lightcone.bench.load;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One fan-out subscriber: subscribes to {@code query} as soon as the server greets it, then counts every
 * {@code TransactionUpdate} and, while a {@link FanOutRound} is open, records how long after the caller's send the
 * update arrived. State is touched only on the channel's event loop; the bench reads it after the run.
 */
final class FanOutSubscriber extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** {@code ServerMessage} tags this client expects besides {@code InitialConnection}. */
    private static final int SUBSCRIBE_APPLIED = 1;
    private static final int TRANSACTION_UPDATE = 4;

    private final String query;
    private final int querySetId;
    private final AtomicLong deliveredTotal;
    private volatile FanOutRound round;

    final CompletableFuture<Void> applied = new CompletableFuture<>();
    final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    long unexpected;

    FanOutSubscriber(String query, int querySetId, AtomicLong deliveredTotal) {
        this.query = query;
        this.querySetId = querySetId;
        this.deliveredTotal = deliveredTotal;
    }

    /** Measures updates against {@code r} from now on ({@code null}: only count them). */
    void measure(FanOutRound r) {
        round = r;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        long now = System.nanoTime();
        int tag = frame instanceof BinaryWebSocketFrame ? TransferWire.messageTag(frame.content()) : -1;
        if (tag == TransferWire.INITIAL_CONNECTION && !applied.isDone()) {
            byte[] subscribe = V2Messages.encode(new ClientMessage.Subscribe(1, new QuerySetId(querySetId),
                    List.of(query)));
            ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(subscribe)));
        } else if (tag == SUBSCRIBE_APPLIED) {
            applied.complete(null);
        } else if (tag == TRANSACTION_UPDATE) {
            deliveredTotal.incrementAndGet();
            FanOutRound r = round;
            if (r != null) { // record before arriving: the last arrival lets the bench read and reset the histograms
                latencyMicros.recordValue(Math.min((now - r.sentNanos()) / 1000, latencyMicros.getHighestTrackableValue()));
                r.arrive();
            }
        } else {
            unexpected++;
            applied.completeExceptionally(new IllegalStateException("unexpected server message tag " + tag
                    + " before SubscribeApplied"));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        applied.completeExceptionally(new IllegalStateException("connection closed"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        applied.completeExceptionally(cause);
        ctx.close();
    }
}
