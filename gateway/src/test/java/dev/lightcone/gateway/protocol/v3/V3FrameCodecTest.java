package dev.lightcone.gateway.protocol.v3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.Compression;
import dev.lightcone.gateway.protocol.DecodeError;
import dev.lightcone.gateway.protocol.ProtocolDecodeException;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.WireBytes;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** v3 framing: several v2 messages per frame in both directions; an empty frame is an error. */
class V3FrameCodecTest {
    final V3FrameCodec codec = V3FrameCodec.INSTANCE;

    final ClientMessage subscribe = new ClientMessage.Subscribe(0, QuerySetId.of(0), List.of("SELECT * FROM person"));
    final ClientMessage call = ClientMessage.CallReducer.of(1, "add", WireBytes.start().string("Alice").bytes());

    @Test
    void aClientFrameIsTheConcatenationOfItsMessages() {
        byte[] frame = WireBytes.start().raw(V2Messages.encode(subscribe)).raw(V2Messages.encode(call)).bytes();
        assertArrayEquals(frame, codec.encodeClientFrame(List.of(subscribe, call)));
        assertEquals(List.of(subscribe, call), codec.decodeClientFrame(frame));
        assertEquals(List.of(call), codec.decodeClientFrame(V2Messages.encode(call)));
    }

    @Test
    void aServerFrameIsOneTagThenItsMessages() {
        ServerMessage a = TransactionUpdate.empty();
        ServerMessage b = new ServerMessage.SubscriptionError(OptionalInt.empty(), QuerySetId.of(3), "gone");
        byte[] frame = codec.encodeServerFrame(List.of(a, b), Compression.NONE);
        assertArrayEquals(WireBytes.start().hex("00").raw(V2Messages.encode(a)).raw(V2Messages.encode(b)).bytes(), frame);
        assertEquals(List.of(a, b), codec.decodeServerFrame(frame));
    }

    @Test
    void largeServerFramesAreGzippedAsAWhole() {
        ServerMessage big = new ServerMessage.SubscriptionError(OptionalInt.of(1), QuerySetId.of(1), "x".repeat(2000));
        byte[] frame = codec.encodeServerFrame(List.of(big, big), Compression.GZIP);
        assertEquals(2, frame[0]);
        assertEquals(List.of(big, big), codec.decodeServerFrame(frame));
    }

    @Test
    void emptyFramesAreErrors() {
        ProtocolDecodeException e = assertThrows(ProtocolDecodeException.class, () -> codec.decodeClientFrame(new byte[0]));
        assertEquals(DecodeError.EMPTY_FRAME, e.error());
        assertEquals(DecodeError.EMPTY_FRAME, assertThrows(ProtocolDecodeException.class,
                () -> codec.decodeServerFrame(new byte[] {0})).error());
        assertThrows(IllegalArgumentException.class, () -> codec.encodeClientFrame(List.of()));
    }

    @Test
    void aTruncatedSecondMessageReportsItsOffsetInTheFrame() {
        byte[] first = V2Messages.encode(subscribe);
        byte[] frame = WireBytes.start().raw(first).raw(Arrays.copyOf(V2Messages.encode(call), 6)).bytes();
        ProtocolDecodeException e = assertThrows(ProtocolDecodeException.class, () -> codec.decodeClientFrame(frame));
        assertEquals(DecodeError.TRUNCATED, e.error());
        assertEquals(first.length + 6, e.offset());
    }

    @Test
    void aBadTagInTheSecondMessage() {
        byte[] first = V2Messages.encode(call);
        byte[] frame = WireBytes.start().raw(first).hex("09").bytes();
        ProtocolDecodeException e = assertThrows(ProtocolDecodeException.class, () -> codec.decodeClientFrame(frame));
        assertEquals(DecodeError.UNKNOWN_TAG, e.error());
        assertEquals(first.length, e.offset());
    }
}
