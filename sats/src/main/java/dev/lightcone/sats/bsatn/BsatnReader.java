package dev.lightcone.sats.bsatn;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A little-endian cursor over a byte range; every read checks bounds and fails with {@link BsatnDecodeException}. */
public final class BsatnReader {
    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    public BsatnReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public BsatnReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + buf.length);
        }
        this.buf = buf;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /** The position relative to the start of this reader's range. */
    public int position() {
        return pos - start;
    }

    /** The absolute position in the underlying array. */
    public int absolutePosition() {
        return pos;
    }

    public byte[] array() {
        return buf;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new BsatnDecodeException("unexpected end of input: needed " + n + " bytes, "
                    + (end - pos) + " left", pos - start);
        }
    }

    /** Fails unless every byte was consumed. */
    public void expectEnd() {
        if (pos != end) {
            throw new BsatnDecodeException((end - pos) + " trailing bytes after the value", pos - start);
        }
    }

    public boolean readBool() {
        int b = readU8();
        if (b > 1) {
            throw new BsatnDecodeException("invalid bool byte " + b, pos - start - 1);
        }
        return b == 1;
    }

    public int readU8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int readU16() {
        need(2);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int readU32() {
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16
                | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    /** Reads a u32 used as a length or count, rejecting values that cannot fit the remaining input. */
    public int readLength(int minBytesPerElement) {
        int at = pos - start;
        long n = readU32() & 0xFFFFFFFFL;
        if (n * Math.max(0, minBytesPerElement) > remaining()) {
            throw new BsatnDecodeException("length " + n + " exceeds the remaining " + remaining() + " bytes", at);
        }
        return (int) n;
    }

    public long readU64() {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    /** Reads a little-endian integer of {@code width} bytes. */
    public BigInteger readBig(int width, boolean signed) {
        need(width);
        byte[] be = new byte[width + 1];
        for (int i = 0; i < width; i++) {
            be[width - i] = buf[pos + i];
        }
        pos += width;
        if (signed && (be[1] & 0x80) != 0) {
            be[0] = (byte) 0xFF;
        }
        return new BigInteger(be);
    }

    public float readF32() {
        return Float.intBitsToFloat(readU32());
    }

    public double readF64() {
        return Double.longBitsToDouble(readU64());
    }

    /** Reads a u32 length and that many bytes of valid UTF-8. */
    public String readString() {
        int at = pos - start;
        int n = readLength(1);
        String s = utf8(buf, pos, n, at);
        pos += n;
        return s;
    }

    /**
     * The {@code n} bytes of {@code buf} from {@code from} as strictly valid UTF-8, for decoders that read a string's
     * bytes in place; a failure reports offset {@code errorAt}. ASCII, the usual case for names and texts, needs no
     * decoder (ASCII is valid UTF-8 by definition).
     */
    public static String utf8(byte[] buf, int from, int n, int errorAt) {
        for (int i = from, end = from + n; i < end; i++) {
            if (buf[i] < 0) {
                try {
                    return StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(buf, from, n))
                            .toString();
                } catch (CharacterCodingException e) {
                    throw new BsatnDecodeException("string is not valid UTF-8", errorAt);
                }
            }
        }
        return new String(buf, from, n, StandardCharsets.ISO_8859_1);
    }

    /** Reads a u32 length and that many bytes. */
    public byte[] readBytes() {
        int n = readLength(1);
        return readRaw(n);
    }

    public byte[] readRaw(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }
}
