package dev.lightcone.gateway.protocol;

import dev.lightcone.gateway.protocol.v2.V2Messages;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The BSATN of one server message, as byte arrays to send back to back: small pieces written for one client (the
 * message tag, its query set ids) and large pieces shared, unchanged, by every client the same rows go to (a query
 * set's tables). Pieces are never modified once built, so one instance, or one piece, may go to many connections.
 * Clients whose whole message is the same share one instance, and with it one gzip-compressed frame.
 */
public final class EncodedMessage {
    private final byte[][] pieces;
    private final int length;
    /** The gzip frame of this message alone, made by the first client that needed it (a benign race at worst). */
    private volatile byte[] gzipFrame;

    private EncodedMessage(byte[][] pieces) {
        this.pieces = pieces;
        long n = 0;
        for (byte[] p : pieces) {
            n += p.length;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("server message too large: " + n + " bytes");
        }
        this.length = (int) n;
    }

    /** A message made of {@code pieces}, in order; the arrays are kept, not copied, and must not change. */
    public static EncodedMessage ofPieces(List<byte[]> pieces) {
        return new EncodedMessage(pieces.toArray(new byte[0][]));
    }

    /** The BSATN of {@code m}, in one piece. */
    public static EncodedMessage of(ServerMessage m) {
        return new EncodedMessage(new byte[][] {V2Messages.encode(m)});
    }

    /** The pieces, in order; the arrays are shared with other messages: read them, never write them. */
    public List<byte[]> pieces() {
        return Collections.unmodifiableList(Arrays.asList(pieces));
    }

    /** The pieces themselves (shared: never modify them). */
    byte[][] pieceArray() {
        return pieces;
    }

    /** The message's length in bytes. */
    public int length() {
        return length;
    }

    /** The message as one array (a copy), e.g. for decoding. */
    public byte[] toByteArray() {
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : pieces) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** This message alone as a gzip frame, compressed once whatever the number of clients that send it. */
    byte[] gzipFrame() {
        byte[] f = gzipFrame;
        if (f == null) {
            f = CompressionEnvelope.gzipFrame(List.of(this));
            gzipFrame = f;
        }
        return f;
    }
}
