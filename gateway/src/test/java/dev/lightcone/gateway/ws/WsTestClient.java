package dev.lightcone.gateway.ws;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/** A raw WebSocket client for tests: sends frames as given and records binary frames, pings and the close status. */
final class WsTestClient implements AutoCloseable {
    final BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();
    final BlockingQueue<Boolean> pings = new LinkedBlockingQueue<>();
    final CompletableFuture<String> subprotocol = new CompletableFuture<>();
    final CompletableFuture<HttpHeaders> headers = new CompletableFuture<>();
    final CompletableFuture<WebSocketCloseStatus> closeStatus = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Sinks.Many<WebSocketFrame> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final Disposable connection;

    /**
     * Connects to {@code uri} offering {@code protocols} (comma-separated); with {@code answerPings} false the
     * client sees pings and never answers them.
     */
    WsTestClient(int port, String path, String protocols, String token, boolean answerPings) {
        // No pooling: each test client is its own connection, however many there are.
        HttpClient client = HttpClient.newConnection().headers(h -> {
            if (token != null) {
                h.set("Authorization", "Bearer " + token);
            }
        });
        connection = client.websocket(WebsocketClientSpec.builder().protocols(protocols)
                        .maxFramePayloadLength(64 << 20).handlePing(!answerPings).build())
                .uri("ws://127.0.0.1:" + port + path)
                .handle((in, out) -> {
                    subprotocol.complete(in.selectedSubprotocol());
                    headers.complete(in.headers());
                    in.receiveCloseStatus().subscribe(closeStatus::complete);
                    Mono<Void> recv = in.receiveFrames().doOnNext(f -> {
                        if (f instanceof BinaryWebSocketFrame) {
                            binary.add(ByteBufUtil.getBytes(f.content()));
                        } else if (f instanceof PingWebSocketFrame) {
                            pings.add(Boolean.TRUE);
                        }
                    }).then();
                    Mono<Void> send = out.sendObject(outgoing.asFlux()).then();
                    return Mono.when(recv, send);
                })
                .doFinally(s -> ended.complete(null))
                .subscribe(v -> { }, e -> {
                    subprotocol.completeExceptionally(e);
                    ended.complete(null);
                });
    }

    void sendBinary(byte[] bytes) {
        outgoing.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    void sendText(String s) {
        outgoing.tryEmitNext(new TextWebSocketFrame(s));
    }

    byte[] next() throws InterruptedException {
        byte[] b = binary.poll(5, TimeUnit.SECONDS);
        if (b == null) {
            throw new AssertionError("no frame within 5 s");
        }
        return b;
    }

    WebSocketCloseStatus awaitClose(Duration timeout) throws Exception {
        return closeStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        connection.dispose();
    }
}
