package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import java.util.Optional;

/**
 * An HTTP route (unstable, 2.4+): {@code {handler_function, method: MethodOrAny, path}}, where
 * {@code MethodOrAny} is {@code Any = 0 | Method(HttpMethod) = 1}; an empty {@code method} means Any.
 */
public record RawHttpRouteDefV10(String handlerFunction, Optional<RawHttpMethod> method, String path) {

    /** Reads one route. */
    public static RawHttpRouteDefV10 read(BsatnReader r) {
        String handler = r.readString();
        int tag = RawCodec.readTag(r, "MethodOrAny", 2);
        Optional<RawHttpMethod> method = tag == 1 ? Optional.of(RawHttpMethod.read(r)) : Optional.empty();
        return new RawHttpRouteDefV10(handler, method, r.readString());
    }

    /** Writes this route. */
    public void write(BsatnWriter w) {
        w.writeString(handlerFunction);
        if (method.isPresent()) {
            w.writeU8(1);
            method.get().write(w);
        } else {
            w.writeU8(0);
        }
        w.writeString(path);
    }
}
