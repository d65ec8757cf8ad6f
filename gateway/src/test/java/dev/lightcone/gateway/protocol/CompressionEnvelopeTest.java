package dev.lightcone.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The server frame's compression tag: gzip only above the threshold and only when asked; never brotli. */
class CompressionEnvelopeTest {

    static byte[] body(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        Arrays.fill(b, 0, n / 2, (byte) 7);
        return b;
    }

    @Test
    void smallBodiesAreNeverCompressed() {
        byte[] b = body(CompressionEnvelope.COMPRESSION_THRESHOLD);
        for (Compression c : Compression.values()) {
            byte[] frame = CompressionEnvelope.seal(b, c);
            assertEquals(0, frame[0]);
            assertArrayEquals(b, Arrays.copyOfRange(frame, 1, frame.length));
        }
    }

    @Test
    void largeBodiesAreGzippedOnlyWhenTheClientAskedForGzip() throws IOException {
        byte[] b = body(CompressionEnvelope.COMPRESSION_THRESHOLD + 1);
        assertEquals(0, CompressionEnvelope.seal(b, Compression.NONE)[0]);
        assertEquals(0, CompressionEnvelope.seal(b, Compression.BROTLI)[0], "brotli is never sent");
        byte[] frame = CompressionEnvelope.seal(b, Compression.GZIP);
        assertEquals(2, frame[0]);
        // A full gzip member (magic 1f 8b), readable by any gzip decoder.
        assertEquals(0x1f, frame[1] & 0xFF);
        assertEquals(0x8b, frame[2] & 0xFF);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(frame, 1, frame.length - 1))) {
            assertArrayEquals(b, in.readAllBytes());
        }
        assertArrayEquals(b, CompressionEnvelope.open(frame));
    }

    @Test
    void openRejectsUnknownAndUnsupportedTagsAndCorruptGzip() {
        assertEquals(DecodeError.UNKNOWN_COMPRESSION, assertThrows(ProtocolDecodeException.class,
                () -> CompressionEnvelope.open(new byte[] {3, 0})).error());
        assertEquals(DecodeError.UNSUPPORTED_COMPRESSION, assertThrows(ProtocolDecodeException.class,
                () -> CompressionEnvelope.open(new byte[] {1, 0})).error());
        assertEquals(DecodeError.CORRUPT_COMPRESSED_DATA, assertThrows(ProtocolDecodeException.class,
                () -> CompressionEnvelope.open(new byte[] {2, 1, 2, 3})).error());
        assertEquals(DecodeError.TRUNCATED, assertThrows(ProtocolDecodeException.class,
                () -> CompressionEnvelope.open(new byte[0])).error());
    }

    @Test
    void queryValuesAreCaseExact() {
        assertEquals(Compression.GZIP, Compression.fromQueryValue("Gzip").orElseThrow());
        assertEquals(Compression.NONE, Compression.fromQueryValue("None").orElseThrow());
        assertEquals(Compression.BROTLI, Compression.fromQueryValue("Brotli").orElseThrow());
        assertEquals(true, Compression.fromQueryValue("gzip").isEmpty());
    }
}
