package dev.lightcone.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;

/**
 * Applies {@link ConnectionLimits} to each accepted connection: counts open connections and refuses the one past
 * the cap with a 503 before any of it is read, and closes a connection whose next request's headers are not
 * complete in time (armed when it opens and after each response; removed once a WebSocket upgrade succeeds). After
 * each response it also asks for the connection's next read, which Reactor Netty can forget (see {@code write}).
 */
final class ConnectionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final String HANDLER = "lightcone.requestHeaderDeadline";
    private static final String REFUSER = "lightcone.connectionRefuser";

    private final ConnectionLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    /** True while connections are being refused: logged once when it starts and once when it ends, not per connection. */
    private final java.util.concurrent.atomic.AtomicBoolean refusing = new java.util.concurrent.atomic.AtomicBoolean();

    ConnectionGuard(ConnectionLimits limits) {
        this.limits = limits;
    }

    /** Connections open now (metrics). */
    int openConnections() {
        return open.get();
    }

    /** Called once per accepted channel, after the HTTP codec is in its pipeline. */
    void onChannelInit(Channel channel) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            if (refusing.compareAndSet(false, true)) {
                LOG.warn("{} connections are open, the limit: refusing new ones with 503 until some close",
                        limits.maxConnections());
            }
            channel.pipeline().addFirst(REFUSER, new Refuser(limits.maxConnections()));
            return;
        }
        if (refusing.compareAndSet(true, false)) {
            LOG.info("accepting connections again ({} open)", open.get());
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new HeaderDeadline(limits));
    }

    /** Answers 503 on a connection past the cap, reads nothing of it and closes it once the answer is out. */
    private static final class Refuser extends ChannelInboundHandlerAdapter {
        private final int max;

        Refuser(int max) {
            this.max = max;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            String text = "too many connections: this server holds at most " + max + " at once; try again later";
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + HttpResponseStatus.SERVICE_UNAVAILABLE + "\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length + "\r\n"
                    + "Retry-After: 1\r\nConnection: close\r\n\r\n";
            LOG.debug("connection refused: {} open connections is the limit remote={}", max, ctx.channel().remoteAddress());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
                    .addListener(f -> ctx.close());
            // Not passed on: the HTTP server never sees this connection.
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Closes the connection when a request's headers do not arrive in time. */
    private static final class HeaderDeadline extends ChannelDuplexHandler {
        private final ConnectionLimits limits;
        private ScheduledFuture<?> deadline;
        /** Requests read whose response is not complete yet (pipelined requests may overlap). */
        private int inFlight;

        HeaderDeadline(ConnectionLimits limits) {
            this.limits = limits;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            arm(ctx);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            disarm();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            disarm();
            ctx.fireChannelInactive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                inFlight++;
                disarm();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse r && r.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                // A WebSocket now: no more requests to time, and every frame written would pass through here.
                ctx.write(msg, promise);
                ctx.pipeline().remove(this);
                return;
            }
            boolean last = msg instanceof LastHttpContent;
            ctx.write(msg, promise);
            if (last && inFlight > 0) {
                inFlight--;
            }
            if (last && inFlight == 0) {
                // The response is on its way: the connection now waits for the next request. Reactor Netty reads on
                // demand and, after answering a request it had buffered behind the previous one, may never ask for
                // the next read (reactor-netty issue 4361, 1.3.7): ask here, so a keep-alive connection is never
                // left unread until its deadline closes it.
                arm(ctx);
                ctx.read();
            }
        }

        private void arm(ChannelHandlerContext ctx) {
            disarm();
            deadline = ctx.executor().schedule(() -> {
                // Debug only: under a flood of idle connections one line each would flood the log.
                LOG.debug("closing connection: no complete request headers within {} ms remote={}",
                        limits.requestHeaderTimeout().toMillis(), ctx.channel().remoteAddress());
                ctx.channel().close();
            }, limits.requestHeaderTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }

        private void disarm() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }
    }
}
