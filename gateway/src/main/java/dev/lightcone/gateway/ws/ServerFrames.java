package dev.lightcone.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-to-client binary WebSocket frames (RFC 6455 §5.2: final, opcode 2, unmasked) written as the bytes of the
 * wire, several frames in one buffer. A batch of updates for one client is then one write through the channel
 * pipeline instead of one {@code BinaryWebSocketFrame} per message, each encoded by Netty's frame encoder into a
 * buffer of its own. Only for connections without WebSocket extensions (Lightcone negotiates none: compression is
 * SpacetimeDB's own, inside the frame).
 */
final class ServerFrames {
    /** Batches up to this size are copied into one buffer; larger ones wrap the shared message pieces. */
    static final int COPIED_BATCH_BYTES = 1 << 20;
    private static final int FIN_BINARY = 0x82;

    private ServerFrames() {
    }

    /**
     * The frames, in order, each given as the pieces of its payload: copied once into a buffer from {@code alloc}
     * (direct, so the socket takes it as it is), or wrapped without copying when the batch is larger than
     * {@value #COPIED_BATCH_BYTES} bytes.
     */
    static ByteBuf of(List<byte[][]> frames, ByteBufAllocator alloc) {
        long total = 0;
        for (byte[][] payload : frames) {
            long n = length(payload);
            total += headerLength(n) + n;
        }
        byte[] header = new byte[10];
        if (total <= COPIED_BATCH_BYTES) {
            ByteBuf out = alloc.directBuffer((int) total);
            for (byte[][] payload : frames) {
                out.writeBytes(header, 0, putHeader(header, 0, length(payload)));
                for (byte[] p : payload) {
                    out.writeBytes(p);
                }
            }
            return out;
        }
        List<byte[]> parts = new ArrayList<>();
        for (byte[][] payload : frames) {
            long n = length(payload);
            byte[] own = new byte[headerLength(n)];
            putHeader(own, 0, n);
            parts.add(own);
            for (byte[] p : payload) {
                parts.add(p);
            }
        }
        return Unpooled.wrappedBuffer(parts.toArray(new byte[0][]));
    }

    private static long length(byte[][] payload) {
        long n = 0;
        for (byte[] p : payload) {
            n += p.length;
        }
        return n;
    }

    static int headerLength(long payloadLength) {
        return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** Writes the header of a frame carrying {@code n} bytes at {@code at}; returns where its payload starts. */
    private static int putHeader(byte[] out, int at, long n) {
        out[at++] = (byte) FIN_BINARY;
        if (n <= 125) {
            out[at++] = (byte) n;
        } else if (n <= 0xFFFF) {
            out[at++] = 126;
            out[at++] = (byte) (n >>> 8);
            out[at++] = (byte) n;
        } else {
            out[at++] = 127;
            for (int shift = 56; shift >= 0; shift -= 8) {
                out[at++] = (byte) (n >>> shift);
            }
        }
        return at;
    }
}
