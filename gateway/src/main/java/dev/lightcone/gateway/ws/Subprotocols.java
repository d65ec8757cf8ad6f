package dev.lightcone.gateway.ws;

import dev.lightcone.gateway.protocol.FrameCodec;
import dev.lightcone.gateway.protocol.v2.V2FrameCodec;
import dev.lightcone.gateway.protocol.v3.V3FrameCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The subprotocols Lightcone speaks, in server preference order, and the choice among those a client offers. */
public final class Subprotocols {
    /** Supported codecs, most preferred first: v3, then v2. */
    public static final List<FrameCodec> SUPPORTED = List.of(V3FrameCodec.INSTANCE, V2FrameCodec.INSTANCE);

    private Subprotocols() {
    }

    /** Every subprotocol listed in the request's {@code Sec-WebSocket-Protocol} headers. */
    public static List<String> offered(HttpHeaders headers) {
        List<String> out = new ArrayList<>();
        for (String h : headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            for (String p : h.split(",")) {
                String t = p.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** The most preferred supported codec among {@code offered}; empty when none matches. */
    public static Optional<FrameCodec> select(List<String> offered) {
        for (FrameCodec c : SUPPORTED) {
            if (offered.contains(c.subprotocol())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The codec of a negotiated subprotocol name (client side). */
    public static Optional<FrameCodec> byName(String name) {
        return SUPPORTED.stream().filter(c -> c.subprotocol().equals(name)).findFirst();
    }
}
