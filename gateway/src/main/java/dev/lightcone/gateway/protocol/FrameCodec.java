package dev.lightcone.gateway.protocol;

import java.util.List;

/**
 * The framing of one WebSocket subprotocol: how messages map to binary frames in both directions. The server
 * uses {@link #decodeClientFrame} and {@link #encodeServerFrame}; Lightcone's own Java client and tests use the
 * reverse pair.
 */
public interface FrameCodec {

    /** The subprotocol name this codec implements, e.g. {@code v2.bsatn.spacetimedb}. */
    String subprotocol();

    /** The most server messages {@link #encodeServerFrame} puts in one frame. */
    int maxMessagesPerFrame();

    /** Decodes one client frame (raw BSATN, no prefix) into its messages, in order. */
    List<ClientMessage> decodeClientFrame(byte[] frame);

    /** Encodes server messages as one frame with its compression tag. */
    byte[] encodeServerFrame(List<ServerMessage> messages, Compression compression);

    /**
     * One frame holding already-encoded server messages (1 to {@link #maxMessagesPerFrame()} of them), as pieces to
     * send back to back: the same bytes {@link #encodeServerFrame} makes, without copying shared pieces.
     */
    default byte[][] frameEncoded(List<EncodedMessage> messages, Compression compression) {
        if (messages.isEmpty() || messages.size() > maxMessagesPerFrame()) {
            throw new IllegalArgumentException(subprotocol() + " frames carry 1.." + maxMessagesPerFrame()
                    + " messages, got " + messages.size());
        }
        return CompressionEnvelope.frame(messages, compression);
    }

    /** Encodes client messages as one frame (client side). */
    byte[] encodeClientFrame(List<ClientMessage> messages);

    /** Decodes one server frame, compression tag first, into its messages (client side). */
    List<ServerMessage> decodeServerFrame(byte[] frame);
}
