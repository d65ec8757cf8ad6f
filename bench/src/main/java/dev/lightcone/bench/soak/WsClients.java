package dev.lightcone.bench.soak;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Opens the soak's WebSocket v2 client connections ({@code v2.bsatn.spacetimedb}, no compression) on one event loop group. */
final class WsClients implements AutoCloseable {
    /** The receive buffer of the slow consumer: small, so the server's side backs up soon. */
    private static final int SMALL_RECEIVE_BUFFER = 8 << 10;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("soak-ws", true),
            NioIoHandler.newFactory());

    /** {@code ws://…/v1/database/DB/subscribe?compression=None&confirmed=true}. */
    static URI subscribeUri(String baseUrl, String database) {
        return URI.create(baseUrl.replaceFirst("^http", "ws") + "/v1/database/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8) + "/subscribe?compression=None&confirmed=true");
    }

    /**
     * Connects {@code socket} (last in the pipeline) to {@code uri}; a failed connect or handshake completes its
     * {@code ready} exceptionally. Close frames reach the handler (so it can tell the code).
     */
    void connect(URI uri, SoakSocket socket, boolean smallReceiveBuffer) {
        WebSocketClientProtocolConfig ws = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                .subprotocol("v2.bsatn.spacetimedb").maxFramePayloadLength(64 << 20).handshakeTimeoutMillis(30_000)
                .handleCloseFrames(false).build();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new WebSocketClientProtocolHandler(ws), socket);
                    }
                });
        if (smallReceiveBuffer) {
            b.option(ChannelOption.SO_RCVBUF, SMALL_RECEIVE_BUFFER);
        }
        b.connect(uri.getHost(), uri.getPort()).addListener(r -> {
            if (!r.isSuccess()) {
                socket.failed(r.cause());
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
}
