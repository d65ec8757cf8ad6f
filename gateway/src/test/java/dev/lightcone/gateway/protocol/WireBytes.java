package dev.lightcone.gateway.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds expected wire bytes from hex groups and text, as the spec writes its examples. */
public final class WireBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts empty. */
    public static WireBytes start() {
        return new WireBytes();
    }

    /** Appends hex digits; spaces and {@code |} separators are ignored. */
    public WireBytes hex(String hex) {
        out.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "").replace("|", "")));
        return this;
    }

    /** Appends raw ASCII/UTF-8 text without a length prefix. */
    public WireBytes text(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Appends raw bytes. */
    public WireBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** Appends a little-endian u32. */
    public WireBytes u32(int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
        return this;
    }

    /** Appends a little-endian u64/i64. */
    public WireBytes u64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    /** Appends a BSATN string (u32 length + UTF-8). */
    public WireBytes string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u32(b.length).raw(b);
    }

    /** The bytes so far. */
    public byte[] bytes() {
        return out.toByteArray();
    }

    /** Hex of {@code b}, for readable assertion messages. */
    public static String hexOf(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
