package dev.lightcone.commitlog.chronicle;

import dev.lightcone.commitlog.LogCorruptionException;
import dev.lightcone.commitlog.internal.Frame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The frame stored as the body of one Chronicle excerpt (all integers little-endian):
 *
 * <pre>
 * 0  u32 payload length
 * 4  u64 logical offset
 * 12 u32 CRC32C of bytes 0..11 followed by the payload
 * 16 payload
 * </pre>
 *
 * The excerpt length must equal 16 + payload length. The checksum covers the offset, so a record
 * written at the wrong place fails verification just like flipped bits.
 */
final class FrameFormat {
    static final int HEADER_BYTES = 16;
    /**
     * Larger payloads are refused by {@code append} and treated as garbage on read. Chronicle's default
     * block size (64 MiB) limits one excerpt to a quarter of it; bigger modules go to the blob store.
     */
    static final int MAX_PAYLOAD = (16 << 20) - 1024;

    private FrameFormat() {
    }

    /** Reusable per-writer state: the header scratch buffer and the checksum. */
    static final class Encoder {
        private final byte[] header = new byte[HEADER_BYTES];
        private final ByteBuffer headerView = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();

        /** Writes the frame of {@code payload} at {@code offset} into {@code out}. */
        void write(Bytes<?> out, long offset, byte[] payload) {
            if (payload.length > MAX_PAYLOAD) {
                throw new IllegalArgumentException("record of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
            }
            headerView.putInt(0, payload.length).putLong(4, offset);
            crc.reset();
            crc.update(header, 0, 12);
            crc.update(payload, 0, payload.length);
            headerView.putInt(12, (int) crc.getValue());
            out.write(header);
            out.write(payload);
        }
    }

    /** Reusable per-reader state: the header scratch buffer and the checksum. */
    static final class Decoder {
        private final byte[] header = new byte[HEADER_BYTES];
        private final ByteBuffer headerView = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();

        /**
         * Reads and verifies one frame from {@code in} (positioned at the excerpt body).
         *
         * @param expectedOffset the offset the frame must carry, or -1 to accept any
         * @throws LogCorruptionException if the frame is torn, corrupt or out of place
         */
        Frame read(Bytes<?> in, long expectedOffset) {
            long length = in.readRemaining();
            long at = expectedOffset;
            if (length < HEADER_BYTES || length > HEADER_BYTES + (long) MAX_PAYLOAD) {
                throw new LogCorruptionException(at, "excerpt of " + length + " bytes cannot hold a frame");
            }
            in.read(header);
            int payloadLength = headerView.getInt(0);
            long offset = headerView.getLong(4);
            if (payloadLength != length - HEADER_BYTES) {
                throw new LogCorruptionException(at, "frame says " + payloadLength
                        + " payload bytes but the excerpt holds " + (length - HEADER_BYTES));
            }
            byte[] payload = new byte[payloadLength];
            in.read(payload);
            crc.reset();
            crc.update(header, 0, 12);
            crc.update(payload, 0, payloadLength);
            if ((int) crc.getValue() != headerView.getInt(12)) {
                throw new LogCorruptionException(at, "checksum mismatch");
            }
            if (expectedOffset >= 0 && offset != expectedOffset) {
                throw new LogCorruptionException(at, "frame carries offset " + offset + ", expected " + expectedOffset);
            }
            return new Frame(offset, payload);
        }
    }
}
