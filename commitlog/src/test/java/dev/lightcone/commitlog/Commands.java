package dev.lightcone.commitlog;

import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test fixtures: small commands whose content identifies them. */
public final class Commands {
    private Commands() {
    }

    /** A reducer call carrying {@code (thread, seq)} in its arguments, so order can be checked after reading. */
    public static Command call(int thread, long seq) {
        byte[] args = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(thread).putLong(seq).array();
        return new CallReducer(Identity.fromHex("c200" + "ab".repeat(30)), ConnectionId.fromWords(thread, 7),
                (int) seq, new Timestamp(1_700_000_000_000_000L + seq), "send_message", args);
    }

    /** The thread number stored by {@link #call}. */
    public static int threadOf(Command c) {
        return ByteBuffer.wrap(((CallReducer) c).args()).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    /** The sequence number stored by {@link #call}. */
    public static long seqOf(Command c) {
        return ByteBuffer.wrap(((CallReducer) c).args()).order(ByteOrder.LITTLE_ENDIAN).getLong(4);
    }
}
