package dev.lightcone.gateway.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one TCP connection to the HTTP server may cost, so idle and slow clients cannot hold file handles forever.
 *
 * @param maxConnections        open connections (HTTP and WebSocket) at once; one more is answered
 *                              {@code 503 too many connections} and closed
 * @param requestHeaderTimeout  a request's headers must be complete this long after the connection opened or its
 *                              previous response was sent; otherwise the connection is closed (idle keep-alive
 *                              connections and slowloris senders alike). WebSocket sessions have their own ping and
 *                              idle timeout ({@code WebSocketOptions}) once upgraded
 * @param bodyReadTimeout       the longest pause between two reads of one request's body before the request fails
 *                              and the connection is closed
 */
public record ConnectionLimits(int maxConnections, Duration requestHeaderTimeout, Duration bodyReadTimeout) {
    /** 4,096 connections, 10 s for headers, 30 s between body reads. */
    public static final ConnectionLimits DEFAULT =
            new ConnectionLimits(4_096, Duration.ofSeconds(10), Duration.ofSeconds(30));

    /** Checks the values are positive. */
    public ConnectionLimits {
        Objects.requireNonNull(requestHeaderTimeout, "requestHeaderTimeout");
        Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
        if (maxConnections <= 0 || requestHeaderTimeout.isNegative() || requestHeaderTimeout.isZero()
                || bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
            throw new IllegalArgumentException("connection limits must be positive: " + maxConnections + ", "
                    + requestHeaderTimeout + ", " + bodyReadTimeout);
        }
    }
}
