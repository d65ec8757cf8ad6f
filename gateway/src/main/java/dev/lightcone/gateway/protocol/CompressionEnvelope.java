package dev.lightcone.gateway.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The one-byte compression prefix of every server-to-client frame (client-protocol §5.1). The server gzips a body
 * only when it is larger than {@value #COMPRESSION_THRESHOLD} bytes and the client asked for {@code Gzip}; brotli is
 * never sent (clients decide by the tag alone, so tag 0 is always acceptable). Frames of pre-encoded messages
 * ({@link #frame}) are pieces to send back to back, so a body shared by many clients is never copied per client.
 */
public final class CompressionEnvelope {
    /** Bodies of at most this many bytes are always sent uncompressed. */
    public static final int COMPRESSION_THRESHOLD = 1024;
    /** The largest body {@link #open} inflates, against decompression bombs. */
    public static final int MAX_INFLATED_SIZE = 256 << 20;

    private CompressionEnvelope() {
    }

    /**
     * Finishes a frame whose body is {@code buf[1..length)}; {@code buf[0]} is reserved for the tag. Returns a
     * new array: the tag plus the body, gzipped when {@code requested} is gzip and the body is large enough.
     */
    public static byte[] seal(byte[] buf, int length, Compression requested) {
        int bodyLength = length - 1;
        if (requested == Compression.GZIP && bodyLength > COMPRESSION_THRESHOLD) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bodyLength / 2 + 32);
            out.write(Compression.GZIP.tag());
            try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
                gz.write(buf, 1, bodyLength);
            } catch (IOException e) {
                throw new UncheckedIOException("gzip into memory failed", e);
            }
            return out.toByteArray();
        }
        byte[] frame = Arrays.copyOf(buf, length);
        frame[0] = (byte) Compression.NONE.tag();
        return frame;
    }

    /** Prefixes {@code body} with its tag, compressing as {@link #seal(byte[], int, Compression)} does. */
    public static byte[] seal(byte[] body, Compression requested) {
        byte[] buf = new byte[body.length + 1];
        System.arraycopy(body, 0, buf, 1, body.length);
        return seal(buf, buf.length, requested);
    }

    /** The tag of an uncompressed frame, as the frame's first piece (shared: never written to). */
    private static final byte[] NONE_TAG = {(byte) Compression.NONE.tag()};

    /**
     * The frame holding {@code messages} back to back, as pieces to send in order: the tag and the messages' own
     * pieces (nothing copied), or one gzipped array when {@code requested} is gzip and the body is large enough. A
     * single message's gzip frame is made once per {@link EncodedMessage}, however many clients it goes to.
     */
    public static byte[][] frame(List<EncodedMessage> messages, Compression requested) {
        long bodyLength = 0;
        int pieces = 1;
        for (EncodedMessage m : messages) {
            bodyLength += m.length();
            pieces += m.pieceArray().length;
        }
        if (requested == Compression.GZIP && bodyLength > COMPRESSION_THRESHOLD) {
            return new byte[][] {messages.size() == 1 ? messages.get(0).gzipFrame() : gzipFrame(messages)};
        }
        byte[][] out = new byte[pieces][];
        out[0] = NONE_TAG;
        int at = 1;
        for (EncodedMessage m : messages) {
            for (byte[] p : m.pieceArray()) {
                out[at++] = p;
            }
        }
        return out;
    }

    /** The gzip frame (tag 2 and one gzip member) of {@code messages} back to back. */
    static byte[] gzipFrame(List<EncodedMessage> messages) {
        long bodyLength = 0;
        for (EncodedMessage m : messages) {
            bodyLength += m.length();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(bodyLength / 2 + 32, 1 << 20));
        out.write(Compression.GZIP.tag());
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            for (EncodedMessage m : messages) {
                for (byte[] p : m.pieceArray()) {
                    gz.write(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    /** The body of a server frame: the bytes after the tag, inflated if the tag says gzip. */
    public static byte[] open(byte[] frame) {
        if (frame.length == 0) {
            throw new ProtocolDecodeException(DecodeError.TRUNCATED, 0, "empty server frame has no compression tag");
        }
        int tag = frame[0] & 0xFF;
        Compression c = Compression.fromTag(tag).orElseThrow(() -> new ProtocolDecodeException(
                DecodeError.UNKNOWN_COMPRESSION, 0, "unknown compression tag " + tag));
        switch (c) {
            case NONE:
                return Arrays.copyOfRange(frame, 1, frame.length);
            case GZIP:
                return gunzip(frame);
            default:
                throw new ProtocolDecodeException(DecodeError.UNSUPPORTED_COMPRESSION, 0,
                        "brotli-compressed frames are not supported");
        }
    }

    private static byte[] gunzip(byte[] frame) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(frame, 1, frame.length - 1))) {
            byte[] body = in.readNBytes(MAX_INFLATED_SIZE + 1);
            if (body.length > MAX_INFLATED_SIZE) {
                throw new ProtocolDecodeException(DecodeError.OUT_OF_RANGE, 1,
                        "gzip body inflates past " + MAX_INFLATED_SIZE + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new ProtocolDecodeException(DecodeError.CORRUPT_COMPRESSED_DATA, 1, "corrupt gzip body: " + e, e);
        }
    }
}
