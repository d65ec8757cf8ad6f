package dev.lightcone.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fan-out bench's one caller: sends {@code transfer} calls from the bench thread, at most {@code window} unanswered,
 * and counts the results; while a {@link FanOutRound} is open its result is one of the round's arrivals.
 */
final class FanOutCaller extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Semaphore window;
    private volatile FanOutRound round;
    private volatile Channel channel;
    private int nextRequestId;

    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final AtomicLong committed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    FanOutCaller(int window) {
        this.window = new Semaphore(window);
    }

    /** Sends {@code transfer(from, to, 1)} once fewer than {@code window} calls are unanswered (bench thread only). */
    void send(int from, int to, FanOutRound r) throws InterruptedException {
        window.acquire();
        round = r;
        ByteBuf b = channel.alloc().buffer(TransferWire.CALL_SIZE);
        TransferWire.writeCall(b, nextRequestId++, from, to, 1);
        channel.writeAndFlush(new BinaryWebSocketFrame(b), channel.voidPromise());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        ByteBuf c = frame.content();
        int tag = frame instanceof BinaryWebSocketFrame ? TransferWire.messageTag(c) : -1;
        if (tag == TransferWire.INITIAL_CONNECTION) {
            ready.complete(null);
            return;
        }
        if (tag != TransferWire.REDUCER_RESULT || !TransferWire.hasResultHead(c)) {
            failed.incrementAndGet();
            return;
        }
        int outcome = TransferWire.resultOutcome(c);
        if (outcome == TransferWire.OK || outcome == TransferWire.OK_EMPTY) {
            committed.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
        FanOutRound r = round;
        if (r != null) {
            r.arrive();
        }
        window.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.completeExceptionally(new IllegalStateException("connection closed"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(cause);
        ctx.close();
    }
}
