package dev.lightcone.sats;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** A 128-bit connection id, stored as its 16 little-endian bytes; zero means "no connection". */
public final class ConnectionId {
    public static final ConnectionId ZERO = new ConnectionId(new byte[16]);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] le;
    /** Computed once: ids key the maps of sessions and clients that every delivered update looks up. */
    private final int hash;

    private ConnectionId(byte[] le) {
        this.le = le;
        this.hash = Arrays.hashCode(le);
    }

    public static ConnectionId fromLittleEndian(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a connection id has 16 bytes, got " + bytes.length);
        }
        return new ConnectionId(bytes.clone());
    }

    /** From the two 64-bit words c0 (least significant) and c1. */
    public static ConnectionId fromWords(long c0, long c1) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (c0 >>> (8 * i));
            b[8 + i] = (byte) (c1 >>> (8 * i));
        }
        return new ConnectionId(b);
    }

    /** Parses the 32-digit big-endian hex form. */
    public static ConnectionId fromHex(String hex) {
        if (hex.length() != 32) {
            throw new IllegalArgumentException("a connection id is 32 hex digits, got " + hex.length());
        }
        byte[] be = HexFormat.of().parseHex(hex);
        byte[] le = new byte[16];
        for (int i = 0; i < 16; i++) {
            le[i] = be[15 - i];
        }
        return new ConnectionId(le);
    }

    /** A random non-zero connection id. */
    public static ConnectionId random() {
        byte[] b = new byte[16];
        do {
            RANDOM.nextBytes(b);
        } while (Arrays.equals(b, ZERO.le));
        return new ConnectionId(b);
    }

    public boolean isZero() {
        return Arrays.equals(le, ZERO.le);
    }

    public byte[] toLittleEndian() {
        return le.clone();
    }

    /** Word 0 (least significant) or 1, as passed to {@code __call_reducer__}. */
    public long word(int i) {
        long v = 0;
        for (int b = 7; b >= 0; b--) {
            v = (v << 8) | (le[i * 8 + b] & 0xFF);
        }
        return v;
    }

    public String toHex() {
        byte[] be = new byte[16];
        for (int i = 0; i < 16; i++) {
            be[i] = le[15 - i];
        }
        return HexFormat.of().formatHex(be);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionId other && Arrays.equals(le, other.le);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return toHex();
    }
}
