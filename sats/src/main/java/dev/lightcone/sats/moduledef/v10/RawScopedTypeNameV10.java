package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import java.util.List;

/** A type's name with its (usually empty) scope: {@code {scope: Array(String), source_name: String}}. */
public record RawScopedTypeNameV10(List<String> scope, String sourceName) {
    public RawScopedTypeNameV10 {
        scope = List.copyOf(scope);
    }

    /** Reads one name. */
    public static RawScopedTypeNameV10 read(BsatnReader r) {
        return new RawScopedTypeNameV10(RawCodec.readStrings(r), r.readString());
    }

    /** Writes this name. */
    public void write(BsatnWriter w) {
        RawCodec.writeStrings(w, scope);
        w.writeString(sourceName);
    }
}
