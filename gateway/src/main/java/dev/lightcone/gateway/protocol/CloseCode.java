package dev.lightcone.gateway.protocol;

/**
 * The WebSocket close codes the server sends (RFC 6455 §7.4), numbered as on the wire. The numbers never change;
 * the reasons sent with them are free text.
 */
public enum CloseCode {
    /** The session ended normally. */
    NORMAL(1000),
    /** The database is shutting down or was deleted. */
    GOING_AWAY(1001),
    /** The client broke a per-connection limit it can avoid by asking for less (too many query sets). */
    POLICY_VIOLATION(1008),
    /** A frame was larger than the maximum inbound message size (sent by Netty itself). */
    MESSAGE_TOO_BIG(1009),
    /** The client sent something the server could not handle (bad message, text frame); SpacetimeDB uses 1011. */
    INTERNAL_ERROR(1011),
    /** The client sent or left waiting more than one connection may hold (requests, unread updates); it may retry. */
    TRY_AGAIN(1013);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }
}
