package dev.lightcone.gateway.protocol.v3;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.Compression;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.DecodeError;
import dev.lightcone.gateway.protocol.FrameCodec;
import dev.lightcone.gateway.protocol.ProtocolDecodeException;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.WireReader;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code v3.bsatn.spacetimedb}: v2 messages, one or more per frame, decoded in a loop until the frame is exhausted;
 * an empty frame is an error. Server frames compress the whole concatenation.
 */
public final class V3FrameCodec implements FrameCodec {
    /** The subprotocol name. */
    public static final String SUBPROTOCOL = "v3.bsatn.spacetimedb";
    /** The most server messages put in one frame. */
    public static final int MAX_MESSAGES_PER_FRAME = 256;
    /** The shared, stateless instance. */
    public static final V3FrameCodec INSTANCE = new V3FrameCodec();

    private V3FrameCodec() {
    }

    @Override
    public String subprotocol() {
        return SUBPROTOCOL;
    }

    @Override
    public int maxMessagesPerFrame() {
        return MAX_MESSAGES_PER_FRAME;
    }

    @Override
    public List<ClientMessage> decodeClientFrame(byte[] frame) {
        return readAll(frame, V2Messages::readClientMessage);
    }

    @Override
    public byte[] encodeServerFrame(List<ServerMessage> messages, Compression compression) {
        checkCount(messages.size());
        BsatnWriter w = new BsatnWriter(64 * messages.size()).writeU8(0);
        for (ServerMessage m : messages) {
            V2Messages.write(w, m);
        }
        return CompressionEnvelope.seal(w.buffer(), w.size(), compression);
    }

    @Override
    public byte[] encodeClientFrame(List<ClientMessage> messages) {
        checkCount(messages.size());
        BsatnWriter w = new BsatnWriter(64 * messages.size());
        for (ClientMessage m : messages) {
            V2Messages.write(w, m);
        }
        return w.toByteArray();
    }

    @Override
    public List<ServerMessage> decodeServerFrame(byte[] frame) {
        return readAll(CompressionEnvelope.open(frame), V2Messages::readServerMessage);
    }

    private static void checkCount(int n) {
        if (n < 1 || n > MAX_MESSAGES_PER_FRAME) {
            throw new IllegalArgumentException("v3 frames carry 1.." + MAX_MESSAGES_PER_FRAME + " messages, got " + n);
        }
    }

    private static <T> List<T> readAll(byte[] body, Function<WireReader, T> readOne) {
        if (body.length == 0) {
            throw new ProtocolDecodeException(DecodeError.EMPTY_FRAME, 0, "a v3 frame must hold at least one message");
        }
        WireReader r = new WireReader(body);
        List<T> out = new ArrayList<>(2);
        while (r.hasRemaining()) {
            out.add(readOne.apply(r));
        }
        return out;
    }
}
