package dev.lightcone.gateway.protocol;

import java.util.Optional;

/** The server-to-client compression tags (client-protocol §5.1) and the {@code compression} query values. */
public enum Compression {
    /** Tag 0: the payload is raw BSATN. */
    NONE(0, "None"),
    /** Tag 1: brotli. Lightcone never sends it (no brotli encoder on the classpath); clients asking get tag 0. */
    BROTLI(1, "Brotli"),
    /** Tag 2: a full gzip member (RFC 1952). */
    GZIP(2, "Gzip");

    /** What a client gets when it sends no {@code compression} parameter (SpacetimeDB's default). */
    public static final Compression DEFAULT = BROTLI;

    private final int tag;
    private final String queryValue;

    Compression(int tag, String queryValue) {
        this.tag = tag;
        this.queryValue = queryValue;
    }

    /** The first byte of a server frame compressed this way. */
    public int tag() {
        return tag;
    }

    /** The value of the {@code compression} query parameter, e.g. {@code Gzip}. */
    public String queryValue() {
        return queryValue;
    }

    /** Parses a {@code compression} query value (exact case, as SpacetimeDB does). */
    public static Optional<Compression> fromQueryValue(String value) {
        for (Compression c : values()) {
            if (c.queryValue.equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The compression with this frame tag. */
    public static Optional<Compression> fromTag(int tag) {
        for (Compression c : values()) {
            if (c.tag == tag) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
