package dev.lightcone.gateway.service;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.EncodedMessage;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One connected WebSocket client, after {@code client_connected} accepted it. The gateway sends
 * {@code InitialConnection} itself, then feeds every decoded client message to {@link #offer} in arrival order and
 * sends whatever {@link #outbound()} emits, in order. It calls {@link #close()} exactly once when the socket ends
 * for any reason; the implementation then runs {@code client_disconnected} and drops the client's query sets.
 */
public interface ClientSession {

    /**
     * The messages to send, in commit order, encoded, in batches: the messages of one batch are written to the
     * socket together (one flush; with {@code v3}, as few frames as possible). Subscribed once. Completing it ends the
     * session with close code 1001 (the database is going away); an error ends it with 1011 (an overflow error, with
     * 1013).
     */
    Flux<List<EncodedMessage>> outbound();

    /**
     * Completes, with a reason, when the client fell so far behind that it must be closed (1013). The
     * implementation bounds what it holds for a slow client and stops feeding {@link #outbound()} then.
     */
    default Mono<String> tooSlow() {
        return Mono.never();
    }

    /**
     * Accepts one client message for processing, without blocking (called on a network thread). A refusal (the
     * connection broke one of its limits: queued requests, unanswered reads, query sets) names the close code and
     * reason; the gateway then closes this socket and reads nothing more from it.
     */
    Admission offer(ClientMessage message);

    /** The socket is gone: disconnect the client. Called once; must not block. */
    void close();
}
