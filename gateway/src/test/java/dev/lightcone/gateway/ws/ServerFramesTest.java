package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames written as bytes, read back by Netty's own client-side frame decoder. */
class ServerFramesTest {

    @Test
    void framesOfEveryLengthClassReadBackAsTheSamePayloadsInOrder() {
        // Around each header size boundary (7-bit, 16-bit, 64-bit lengths), with payloads split into pieces.
        int[] sizes = {0, 1, 125, 126, 127, 65_535, 65_536, 70_000, 3};
        assertFramesRoundTrip(sizes);
    }

    @Test
    void aSmallBatchIsCopiedAndALargeOneWrapsThePiecesAndBothReadBackTheSame() {
        assertFramesRoundTrip(new int[] {10, 20, 30});
        assertFramesRoundTrip(new int[] {ServerFrames.COPIED_BATCH_BYTES, 5});
        assertFramesRoundTrip(new int[] {ServerFrames.COPIED_BATCH_BYTES - 20, 8});
    }

    private static void assertFramesRoundTrip(int[] sizes) {
        Random random = new Random(sizes.length);
        List<byte[]> payloads = new ArrayList<>();
        List<byte[][]> frames = new ArrayList<>();
        for (int size : sizes) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            payloads.add(payload);
            int cut = size / 3;
            byte[] a = java.util.Arrays.copyOfRange(payload, 0, cut);
            byte[] b = java.util.Arrays.copyOfRange(payload, cut, size);
            frames.add(new byte[][] {a, b});
        }
        ByteBuf wire = ServerFrames.of(frames, ByteBufAllocator.DEFAULT);
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).allowExtensions(false).maxFramePayloadLength(2 << 20).build()));
        client.writeInbound(wire);
        for (byte[] expected : payloads) {
            Object frame = client.readInbound();
            BinaryWebSocketFrame binary = assertInstanceOf(BinaryWebSocketFrame.class, frame);
            assertEquals(true, binary.isFinalFragment());
            assertArrayEquals(expected, ByteBufUtil.getBytes(binary.content()));
            binary.release();
        }
        assertNull(client.readInbound());
        client.finishAndReleaseAll();
    }
}
