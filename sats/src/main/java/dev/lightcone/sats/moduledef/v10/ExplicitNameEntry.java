package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;

/**
 * One explicit name: the sum {@code Table = 0 | Function = 1 | Index = 2}, each carrying a
 * {@code NameMapping {source_name, canonical_name}}.
 */
public record ExplicitNameEntry(Kind kind, String sourceName, String canonicalName) {

    /** What the mapping renames, in BSATN tag order. */
    public enum Kind {
        TABLE,
        FUNCTION,
        INDEX
    }

    /** Reads one entry. */
    public static ExplicitNameEntry read(BsatnReader r) {
        return new ExplicitNameEntry(RawCodec.readEnum(r, Kind.class), r.readString(), r.readString());
    }

    /** Writes this entry. */
    public void write(BsatnWriter w) {
        RawCodec.writeEnum(w, kind);
        w.writeString(sourceName);
        w.writeString(canonicalName);
    }
}
