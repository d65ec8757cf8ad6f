package dev.lightcone.gateway.ws;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timers of WebSocket sessions.
 *
 * @param pingInterval    how often the server pings (SpacetimeDB: 15 s)
 * @param idleTimeout     how long without any inbound frame (pongs count) before the connection is dropped (30 s)
 * @param maxMessageSize  the largest inbound message in bytes (32 MiB); larger ones close the socket with 1009
 * @param outboundBuffer  how many server messages may wait for a slow client before it is closed with 1013
 */
public record WebSocketOptions(Duration pingInterval, Duration idleTimeout, int maxMessageSize, int outboundBuffer) {
    /** SpacetimeDB's values. */
    public static final WebSocketOptions DEFAULT =
            new WebSocketOptions(Duration.ofSeconds(15), Duration.ofSeconds(30), 0x2000000, 16384);

    /** Checks the values: positive, and the ping interval shorter than the idle timeout. */
    public WebSocketOptions {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (pingInterval.isNegative() || pingInterval.isZero() || idleTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("need 0 < pingInterval < idleTimeout, got " + pingInterval + ", "
                    + idleTimeout);
        }
        if (maxMessageSize <= 0 || outboundBuffer <= 0) {
            throw new IllegalArgumentException("maxMessageSize and outboundBuffer must be positive");
        }
    }
}
