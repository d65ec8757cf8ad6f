package dev.lightcone.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.ReducerOutcome;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The generator's hand-written frames agree with the gateway's v2 codec. */
class TransferWireTest {
    @Test
    void callMatchesTheCodec() {
        byte[] args = new BsatnWriter().writeU32(7).writeU32(99_999).writeU64(1).toByteArray();
        byte[] expected = V2Messages.encode(ClientMessage.CallReducer.of(0x01020304, "transfer", args));
        ByteBuf b = TransferWire.writeCall(Unpooled.buffer(), 0x01020304, 7, 99_999, 1);
        assertEquals(TransferWire.CALL_SIZE, b.readableBytes());
        assertArrayEquals(expected, ByteBufUtil.getBytes(b));
    }

    @Test
    void readsTheHeadOfAReducerResult() {
        byte[] body = V2Messages.encode(new ServerMessage.ReducerResult(0xFEDCBA98, new Timestamp(123_456),
                new ReducerOutcome.InternalError("boom")));
        ByteBuf frame = Unpooled.buffer().writeByte(0).writeBytes(body);
        assertEquals(TransferWire.REDUCER_RESULT, TransferWire.messageTag(frame));
        assertEquals(0xFEDCBA98, TransferWire.resultRequestId(frame));
        assertEquals(TransferWire.INTERNAL_ERROR, TransferWire.resultOutcome(frame));
    }
}
