package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import java.util.List;
import java.util.Optional;

/**
 * An HTTP method (module-abi §7.6): tags Get 0 … Patch 8 are unit variants, Extension 9 carries the
 * method's name.
 *
 * @param tag       the variant tag
 * @param extension the method name for {@code Extension}, empty otherwise
 */
public record RawHttpMethod(int tag, Optional<String> extension) {

    /** Variant names in tag order, as SATS-JSON spells them. */
    public static final List<String> VARIANTS = List.of(
            "Get", "Head", "Post", "Put", "Delete", "Connect", "Options", "Trace", "Patch", "Extension");

    /** The tag of the {@code Extension(String)} variant. */
    public static final int EXTENSION = 9;

    public RawHttpMethod {
        if (tag < 0 || tag > EXTENSION || (tag == EXTENSION) != extension.isPresent()) {
            throw new IllegalArgumentException("bad HTTP method tag " + tag + " / extension " + extension);
        }
    }

    /** Reads one method. */
    public static RawHttpMethod read(BsatnReader r) {
        int tag = RawCodec.readTag(r, "HttpMethod", VARIANTS.size());
        return new RawHttpMethod(tag, tag == EXTENSION ? Optional.of(r.readString()) : Optional.empty());
    }

    /** Writes this method. */
    public void write(BsatnWriter w) {
        w.writeU8(tag);
        extension.ifPresent(w::writeString);
    }
}
