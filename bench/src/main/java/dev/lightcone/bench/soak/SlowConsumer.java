package dev.lightcone.bench.soak;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.ServerMessage;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * A subscriber that stops reading: it subscribes {@code querySets} times to the bank's accounts (more rows than the
 * server holds for one client) and turns reading off, so everything the server sends it backs up. {@link #resume}
 * reads again, to find the close frame the server sent meanwhile.
 */
final class SlowConsumer extends SoakSocket {
    private final int querySets;
    volatile long messagesAfterResume;

    SlowConsumer(int querySets) {
        this.querySets = querySets;
    }

    @Override
    void onReady(ChannelHandlerContext ctx) {
        for (int i = 1; i <= querySets; i++) {
            ctx.write(new io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame(io.netty.buffer.Unpooled
                    .wrappedBuffer(dev.lightcone.gateway.protocol.v2.V2Messages.encode(new ClientMessage.Subscribe(i,
                            new QuerySetId(i), List.of("SELECT * FROM accounts"))))), ctx.voidPromise());
        }
        ctx.flush();
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, ServerMessage m) {
        messagesAfterResume++;
    }

    /** Reads again (from any thread). */
    void resume() {
        channel.eventLoop().execute(() -> {
            channel.config().setAutoRead(true);
            channel.read();
        });
    }
}
