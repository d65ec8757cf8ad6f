package dev.lightcone.gateway.service;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.ServerMessage;
import reactor.core.publisher.Flux;

/**
 * One connected WebSocket client, after {@code client_connected} accepted it. The gateway sends
 * {@code InitialConnection} itself, then feeds every decoded client message to {@link #offer} in arrival order and
 * sends whatever {@link #outbound()} emits, in order. It calls {@link #close()} exactly once when the socket ends
 * for any reason; the implementation then runs {@code client_disconnected} and drops the client's query sets.
 */
public interface ClientSession {

    /**
     * The messages to send, in commit order. Subscribed once. Completing it ends the session with close code 1001
     * (the database is going away); an overflow error ({@code Exceptions.isOverflow}: the client fell too far
     * behind, see {@code WebSocketOptions.outboundBuffer}) ends it with 1013; any other error with 1011. The
     * implementation bounds what it holds for a slow client.
     */
    Flux<ServerMessage> outbound();

    /**
     * Accepts one client message for processing, without blocking (called on a network thread). Returns false when
     * the session's inbound queue is full; the gateway then closes the socket with 1013 ("too many requests").
     */
    boolean offer(ClientMessage message);

    /** The socket is gone: disconnect the client. Called once; must not block. */
    void close();
}
