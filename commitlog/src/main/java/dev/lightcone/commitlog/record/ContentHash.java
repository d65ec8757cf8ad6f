package dev.lightcone.commitlog.record;

import java.util.HexFormat;
import java.util.Locale;

/** A 32-byte content hash naming a blob; the text form is lower-case hex. */
public record ContentHash(Algorithm algorithm, String hex) {

    /** The hash functions a blob may be named by; the tag is the stored byte and never changes. */
    public enum Algorithm {
        BLAKE3(0),
        SHA256(1);

        private final int tag;

        Algorithm(int tag) {
            this.tag = tag;
        }

        /** The byte stored in records. */
        public int tag() {
            return tag;
        }

        /** The algorithm with this stored byte, or {@code null}. */
        public static Algorithm ofTag(int tag) {
            for (Algorithm a : values()) {
                if (a.tag == tag) {
                    return a;
                }
            }
            return null;
        }
    }

    public ContentHash {
        if (algorithm == null) {
            throw new IllegalArgumentException("hash algorithm is required");
        }
        hex = hex.toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("a content hash is 64 hex digits, got '" + hex + "'");
        }
    }

    /** From the 32 raw digest bytes. */
    public static ContentHash of(Algorithm algorithm, byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a content hash has 32 bytes, got " + digest.length);
        }
        return new ContentHash(algorithm, HexFormat.of().formatHex(digest));
    }

    /** The 32 raw digest bytes. */
    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public String toString() {
        return algorithm.name().toLowerCase(Locale.ROOT) + ":" + hex;
    }
}
