package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import java.util.List;
import java.util.Optional;

/**
 * A constraint: {@code {source_name: Option<String>, data: RawConstraintData}}. The data sum has one
 * variant, Unique = 0 {@code {columns: ColList}}, so the record holds the unique columns directly.
 */
public record RawConstraintDefV10(Optional<String> sourceName, List<Integer> columns) {
    public RawConstraintDefV10 {
        columns = List.copyOf(columns);
    }

    /** Reads one constraint. */
    public static RawConstraintDefV10 read(BsatnReader r) {
        Optional<String> name = RawCodec.readOption(r, BsatnReader::readString);
        RawCodec.readTag(r, "RawConstraintData", 1);
        return new RawConstraintDefV10(name, RawCodec.readColList(r));
    }

    /** Writes this constraint. */
    public void write(BsatnWriter w) {
        RawCodec.writeOption(w, sourceName, BsatnWriter::writeString);
        w.writeU8(0);
        RawCodec.writeColList(w, columns);
    }
}
