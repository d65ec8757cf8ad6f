package dev.lightcone.bench.soak;

import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.util.concurrent.CompletableFuture;

/**
 * One soak WebSocket connection: {@link #ready} once the server's {@code InitialConnection} arrived, {@link #closed}
 * when the connection is gone, with the server's close code and reason if it sent a close frame. Subclasses see
 * every later server message on the channel's event loop.
 */
abstract class SoakSocket extends SimpleChannelInboundHandler<WebSocketFrame> {
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    volatile Channel channel;
    /** The server's close code, -1 until a close frame arrived. */
    volatile int closeCode = -1;
    volatile String closeReason = "";

    /** Called on the event loop once the connection is ready. */
    abstract void onReady(ChannelHandlerContext ctx);

    /** Called on the event loop for each server message after {@code InitialConnection}. */
    abstract void onMessage(ChannelHandlerContext ctx, ServerMessage message);

    /** Called on the event loop when the connection is gone. */
    void onClosed() {
    }

    /** Sends one client message (event loop or not). */
    void send(dev.lightcone.gateway.protocol.ClientMessage m) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(V2Messages.encode(m))),
                channel.voidPromise());
    }

    /** Closes normally (from any thread); {@link #closed} completes when it is gone. */
    void closeNow() {
        Channel c = channel;
        if (c == null) {
            closed.complete(null);
            return;
        }
        c.eventLoop().execute(() -> {
            if (c.isActive()) {
                c.writeAndFlush(new CloseWebSocketFrame(1000, "soak done")).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    /** Stops starting new work and closes once the work under way is done (default: at once). */
    void finish() {
        closeNow();
    }

    /** The connect or the handshake failed. */
    void failed(Throwable cause) {
        ready.completeExceptionally(cause);
        closed.complete(null);
    }

    /** A short name for why a connect failed: {@code 503 …} for a refused handshake, else the exception. */
    static String describeFailure(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.ExecutionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof WebSocketClientHandshakeException h && h.response() != null) {
            return "handshake answered " + h.response().status().code();
        }
        return c.getClass().getSimpleName();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            closeCode = close.statusCode();
            closeReason = close.reasonText();
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), "")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!(frame instanceof BinaryWebSocketFrame)) {
            return; // pongs; pings are answered by Netty's protocol handler
        }
        ServerMessage m = V2Messages.decodeServerMessage(CompressionEnvelope.open(ByteBufUtil.getBytes(frame.content())));
        if (!ready.isDone()) {
            if (m instanceof ServerMessage.InitialConnection) {
                ready.complete(null);
                onReady(ctx);
            } else {
                ready.completeExceptionally(new IllegalStateException("first message was not InitialConnection: "
                        + m.getClass().getSimpleName()));
                ctx.close();
            }
            return;
        }
        onMessage(ctx, m);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.completeExceptionally(new IllegalStateException("connection closed before InitialConnection"));
        onClosed();
        closed.complete(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(cause);
        ctx.close();
    }
}
