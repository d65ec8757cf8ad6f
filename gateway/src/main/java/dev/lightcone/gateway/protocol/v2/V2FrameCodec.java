package dev.lightcone.gateway.protocol.v2;

import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.Compression;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.FrameCodec;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.List;

/** {@code v2.bsatn.spacetimedb}: exactly one message per frame in each direction. */
public final class V2FrameCodec implements FrameCodec {
    /** The subprotocol name. */
    public static final String SUBPROTOCOL = "v2.bsatn.spacetimedb";
    /** The shared, stateless instance. */
    public static final V2FrameCodec INSTANCE = new V2FrameCodec();

    private V2FrameCodec() {
    }

    @Override
    public String subprotocol() {
        return SUBPROTOCOL;
    }

    @Override
    public int maxMessagesPerFrame() {
        return 1;
    }

    @Override
    public List<ClientMessage> decodeClientFrame(byte[] frame) {
        return List.of(V2Messages.decodeClientMessage(frame));
    }

    @Override
    public byte[] encodeServerFrame(List<ServerMessage> messages, Compression compression) {
        ServerMessage m = single(messages);
        BsatnWriter w = new BsatnWriter(64).writeU8(0);
        V2Messages.write(w, m);
        return CompressionEnvelope.seal(w.buffer(), w.size(), compression);
    }

    @Override
    public byte[] encodeClientFrame(List<ClientMessage> messages) {
        return V2Messages.encode(single(messages));
    }

    @Override
    public List<ServerMessage> decodeServerFrame(byte[] frame) {
        return List.of(V2Messages.decodeServerMessage(CompressionEnvelope.open(frame)));
    }

    private static <T> T single(List<T> messages) {
        if (messages.size() != 1) {
            throw new IllegalArgumentException("v2 frames carry exactly one message, got " + messages.size());
        }
        return messages.get(0);
    }
}
