package dev.lightcone.sats.bsatn;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An append-only little-endian byte buffer for BSATN. Not thread-safe; reuse one per thread with
 * {@link #reset()} on hot paths to avoid allocation.
 */
public final class BsatnWriter {
    private byte[] buf;
    private int len;

    public BsatnWriter() {
        this(64);
    }

    public BsatnWriter(int initialCapacity) {
        this.buf = new byte[Math.max(8, initialCapacity)];
    }

    /** Forgets the contents, keeping the buffer. */
    public BsatnWriter reset() {
        len = 0;
        return this;
    }

    public int size() {
        return len;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The internal buffer; only the first {@link #size()} bytes are meaningful. */
    public byte[] buffer() {
        return buf;
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            if (need < 0) {
                throw new IllegalStateException("BSATN buffer larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public BsatnWriter writeBool(boolean v) {
        return writeU8(v ? 1 : 0);
    }

    public BsatnWriter writeU8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public BsatnWriter writeU16(int v) {
        ensure(2);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        return this;
    }

    public BsatnWriter writeU32(int v) {
        ensure(4);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 24);
        return this;
    }

    public BsatnWriter writeU64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** Writes {@code v} as a little-endian two's-complement integer of {@code width} bytes. */
    public BsatnWriter writeBig(BigInteger v, int width) {
        ensure(width);
        byte[] be = v.toByteArray();
        byte fill = (byte) (v.signum() < 0 ? 0xFF : 0x00);
        for (int i = 0; i < width; i++) {
            int src = be.length - 1 - i;
            buf[len++] = src >= 0 ? be[src] : fill;
        }
        return this;
    }

    public BsatnWriter writeF32(float v) {
        return writeU32(Float.floatToRawIntBits(v));
    }

    public BsatnWriter writeF64(double v) {
        return writeU64(Double.doubleToRawLongBits(v));
    }

    /** A u32 byte length followed by the UTF-8 bytes. */
    public BsatnWriter writeString(String s) {
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A u32 length followed by the bytes ({@code Array<U8>}). */
    public BsatnWriter writeBytes(byte[] b) {
        writeU32(b.length);
        return writeRaw(b, 0, b.length);
    }

    /** Appends bytes with no length prefix. */
    public BsatnWriter writeRaw(byte[] b) {
        return writeRaw(b, 0, b.length);
    }

    public BsatnWriter writeRaw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** Overwrites a u32 at an earlier position, e.g. to patch a count written before the elements. */
    public void patchU32(int position, int v) {
        buf[position] = (byte) v;
        buf[position + 1] = (byte) (v >>> 8);
        buf[position + 2] = (byte) (v >>> 16);
        buf[position + 3] = (byte) (v >>> 24);
    }
}
