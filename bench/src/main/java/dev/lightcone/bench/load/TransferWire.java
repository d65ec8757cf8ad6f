package dev.lightcone.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The two v2 messages on the generator's hot path, written and read in place on Netty buffers: the
 * {@code CallReducer transfer(from, to, amount)} request and the head of a {@code ReducerResult}
 * (client-protocol §6.2, §6.3). Everything else goes through the gateway's {@code V2Messages}.
 */
final class TransferWire {
    /** {@code ServerMessage} tag of {@code InitialConnection}. */
    static final int INITIAL_CONNECTION = 0;
    /** {@code ServerMessage} tag of {@code ReducerResult}. */
    static final int REDUCER_RESULT = 6;
    /** {@code ReducerOutcome} tags. */
    static final int OK = 0;
    static final int OK_EMPTY = 1;
    static final int ERR = 2;
    static final int INTERNAL_ERROR = 3;

    private static final byte[] REDUCER = "transfer".getBytes(StandardCharsets.UTF_8);
    /** tag + request id + flags + name + args length + (u32, u32, i64). */
    static final int CALL_SIZE = 1 + 4 + 1 + 4 + REDUCER.length + 4 + 16;

    private TransferWire() {
    }

    /** Appends {@code CallReducer(requestId, flags 0, "transfer", BSATN(from, to, amount))}. */
    static ByteBuf writeCall(ByteBuf b, int requestId, int from, int to, long amount) {
        b.writeByte(3).writeIntLE(requestId).writeByte(0).writeIntLE(REDUCER.length).writeBytes(REDUCER);
        b.writeIntLE(16).writeIntLE(from).writeIntLE(to).writeLongLE(amount);
        return b;
    }

    /** The message tag of an uncompressed server frame ({@code [compression tag 0][message]}), or -1. */
    static int messageTag(ByteBuf frame) {
        if (frame.readableBytes() < 2 || frame.getByte(frame.readerIndex()) != 0) {
            return -1;
        }
        return frame.getUnsignedByte(frame.readerIndex() + 1);
    }

    /** The request id of a {@code ReducerResult} frame (tag checked by the caller). */
    static int resultRequestId(ByteBuf frame) {
        return frame.getIntLE(frame.readerIndex() + 2);
    }

    /** The outcome tag of a {@code ReducerResult} frame: after the request id (u32) and timestamp (i64). */
    static int resultOutcome(ByteBuf frame) {
        return frame.getUnsignedByte(frame.readerIndex() + 2 + 4 + 8);
    }

    /** True when the frame is long enough to hold a {@code ReducerResult}'s head. */
    static boolean hasResultHead(ByteBuf frame) {
        return frame.readableBytes() >= 2 + 4 + 8 + 1;
    }
}
