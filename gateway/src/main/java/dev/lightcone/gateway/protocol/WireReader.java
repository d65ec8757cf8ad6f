package dev.lightcone.gateway.protocol;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;

/**
 * A cursor over one frame for the protocol codecs: reads BSATN primitives and fails only with
 * {@link ProtocolDecodeException}s whose kind and offset say exactly what was wrong. Offsets are relative to the
 * start of the range given to the constructor.
 */
public final class WireReader {
    private final BsatnReader in;

    /** Reads the whole array. */
    public WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    /** Reads {@code length} bytes of {@code buf} from {@code offset}. */
    public WireReader(byte[] buf, int offset, int length) {
        this.in = new BsatnReader(buf, offset, length);
    }

    /** The current offset from the start of the range. */
    public int position() {
        return in.position();
    }

    /** True while bytes remain. */
    public boolean hasRemaining() {
        return in.hasRemaining();
    }

    /** A decode error of kind {@code error} at offset {@code at}. */
    public static ProtocolDecodeException error(DecodeError error, int at, String detail) {
        return new ProtocolDecodeException(error, at, detail);
    }

    private void need(int n, String what) {
        need(n, what, "");
    }

    /** Names in messages are built only when they are needed: decoding runs once per client message. */
    private void need(int n, String what, String suffix) {
        if (in.remaining() < n) {
            throw error(DecodeError.TRUNCATED, in.position(),
                    "truncated " + what + suffix + ": needed " + n + " bytes, " + in.remaining() + " left");
        }
    }

    /** Reads a sum tag for {@code what}, which has {@code variants} variants. */
    public int tag(String what, int variants) {
        need(1, what, " tag");
        int at = in.position();
        int t = in.readU8();
        if (t >= variants) {
            throw error(DecodeError.UNKNOWN_TAG, at, "unknown " + what + " tag " + t);
        }
        return t;
    }

    /** Reads a {@code u8}. */
    public int u8(String what) {
        need(1, what);
        return in.readU8();
    }

    /** Reads a {@code u16}. */
    public int u16(String what) {
        need(2, what);
        return in.readU16();
    }

    /** Reads a {@code u32} (unsigned, in an {@code int}). */
    public int u32(String what) {
        need(4, what);
        return in.readU32();
    }

    /** Reads a {@code u64} or {@code i64}. */
    public long u64(String what) {
        need(8, what);
        return in.readU64();
    }

    /** Reads an array length whose elements take at least {@code minBytesPerElement} bytes each. */
    public int count(String what, int minBytesPerElement) {
        int at = in.position();
        need(4, what, " length");
        long n = Integer.toUnsignedLong(in.readU32());
        if (n * minBytesPerElement > in.remaining()) {
            throw error(DecodeError.TRUNCATED, at, "truncated " + what + ": " + n + " elements of at least "
                    + minBytesPerElement + " bytes, " + in.remaining() + " bytes left");
        }
        return (int) n;
    }

    /** Reads a BSATN string (u32 length + UTF-8). */
    public String string(String what) {
        int at = in.position();
        byte[] utf8 = in.readRaw(count(what, 1));
        try {
            return BsatnReader.utf8(utf8, 0, utf8.length, at);
        } catch (BsatnDecodeException e) {
            throw new ProtocolDecodeException(DecodeError.INVALID_UTF8, at, what + " is not valid UTF-8", e);
        }
    }

    /** Reads BSATN bytes (u32 length + raw bytes). */
    public byte[] bytes(String what) {
        int n = count(what, 1);
        return in.readRaw(n);
    }

    /** Reads {@code n} raw bytes. */
    public byte[] raw(int n, String what) {
        need(n, what);
        return in.readRaw(n);
    }

    /** Reads an {@code Identity} (32 bytes, little-endian). */
    public Identity identity(String what) {
        return Identity.fromLittleEndian(raw(32, what));
    }

    /** Reads a {@code ConnectionId} (16 bytes, little-endian). */
    public ConnectionId connectionId(String what) {
        return ConnectionId.fromLittleEndian(raw(16, what));
    }

    /** Fails with {@link DecodeError#TRAILING_BYTES} unless every byte was read. */
    public void expectEnd(String after) {
        if (in.hasRemaining()) {
            throw error(DecodeError.TRAILING_BYTES, in.position(),
                    in.remaining() + " trailing bytes after " + after);
        }
    }
}
