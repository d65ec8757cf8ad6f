package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;

/** A named type: {@code {source_name: RawScopedTypeNameV10, ty: u32, custom_ordering: Bool}}. */
public record RawTypeDefV10(RawScopedTypeNameV10 sourceName, int ty, boolean customOrdering) {

    /** Reads one type definition. */
    public static RawTypeDefV10 read(BsatnReader r) {
        return new RawTypeDefV10(RawScopedTypeNameV10.read(r), r.readU32(), r.readBool());
    }

    /** Writes this type definition. */
    public void write(BsatnWriter w) {
        sourceName.write(w);
        w.writeU32(ty);
        w.writeBool(customOrdering);
    }
}
