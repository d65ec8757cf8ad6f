package dev.lightcone.sats;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 256-bit identity. Stored here as its 32 little-endian bytes (the BSATN and ABI form); its text
 * form is the 64-digit hex of the big-endian bytes, which starts with {@code c200} for identities
 * minted from tokens.
 */
public final class Identity implements Comparable<Identity> {
    public static final Identity ZERO = new Identity(new byte[32]);

    private final byte[] le;
    /** Computed once: ids key the maps of sessions and clients that every delivered update looks up. */
    private final int hash;

    private Identity(byte[] le) {
        this.le = le;
        this.hash = Arrays.hashCode(le);
    }

    /** From the 32 little-endian bytes of the ABI and BSATN. */
    public static Identity fromLittleEndian(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("an identity has 32 bytes, got " + bytes.length);
        }
        return new Identity(bytes.clone());
    }

    /** From the 32 big-endian bytes of the text form. */
    public static Identity fromBigEndian(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("an identity has 32 bytes, got " + bytes.length);
        }
        return new Identity(reverse(bytes));
    }

    /** Parses the 64-digit hex form (an optional {@code 0x} prefix is allowed). */
    public static Identity fromHex(String hex) {
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (h.length() != 64) {
            throw new IllegalArgumentException("an identity is 64 hex digits, got " + h.length());
        }
        return fromBigEndian(HexFormat.of().parseHex(h));
    }

    /** True if {@code s} looks like a 64-digit hex identity. */
    public static boolean isHex(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A copy of the 32 little-endian bytes. */
    public byte[] toLittleEndian() {
        return le.clone();
    }

    public byte[] toBigEndian() {
        return reverse(le);
    }

    /** The four 64-bit words s0..s3 passed to {@code __call_reducer__}, least significant first. */
    public long word(int i) {
        long v = 0;
        for (int b = 7; b >= 0; b--) {
            v = (v << 8) | (le[i * 8 + b] & 0xFF);
        }
        return v;
    }

    public String toHex() {
        return HexFormat.of().formatHex(toBigEndian());
    }

    /** The BSATN value of this identity as a SATS {@code Identity} product. */
    public AlgebraicValue toValue() {
        return AlgebraicValue.Product.of(new AlgebraicValue.Big(new java.math.BigInteger(1, toBigEndian())));
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity other && Arrays.equals(le, other.le);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Identity o) {
        for (int i = 31; i >= 0; i--) {
            int c = Integer.compare(le[i] & 0xFF, o.le[i] & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return toHex();
    }
}
