package dev.lightcone.sats.moduledef.v9;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import dev.lightcone.sats.moduledef.TableAccess;
import dev.lightcone.sats.moduledef.TableType;
import dev.lightcone.sats.moduledef.v10.RawConstraintDefV10;
import dev.lightcone.sats.moduledef.v10.RawIndexDefV10;
import dev.lightcone.sats.moduledef.v10.RawSequenceDefV10;
import java.util.List;
import java.util.Optional;

/**
 * A V9 table: {@code {name, product_type_ref, primary_key, indexes, constraints, sequences, schedule:
 * Option<RawScheduleDefV9>, table_type, table_access}}. Indexes, constraints and sequences have the same
 * layout as in V10 (only their JSON field is {@code name} instead of {@code source_name}), so the V10
 * records are reused.
 */
public record RawTableDefV9(
        String name,
        int productTypeRef,
        List<Integer> primaryKey,
        List<RawIndexDefV10> indexes,
        List<RawConstraintDefV10> constraints,
        List<RawSequenceDefV10> sequences,
        Optional<RawScheduleDefV9> schedule,
        TableType tableType,
        TableAccess tableAccess) {

    public RawTableDefV9 {
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        constraints = List.copyOf(constraints);
        sequences = List.copyOf(sequences);
    }

    /** Reads one table. */
    public static RawTableDefV9 read(BsatnReader r) {
        return new RawTableDefV9(
                r.readString(),
                r.readU32(),
                RawCodec.readColList(r),
                RawCodec.readArray(r, RawIndexDefV10::read),
                RawCodec.readArray(r, RawConstraintDefV10::read),
                RawCodec.readArray(r, RawSequenceDefV10::read),
                RawCodec.readOption(r, RawScheduleDefV9::read),
                RawCodec.readEnum(r, TableType.class),
                RawCodec.readEnum(r, TableAccess.class));
    }

    /** Writes this table. */
    public void write(BsatnWriter w) {
        w.writeString(name);
        w.writeU32(productTypeRef);
        RawCodec.writeColList(w, primaryKey);
        RawCodec.writeArray(w, indexes, (ww, i) -> i.write(ww));
        RawCodec.writeArray(w, constraints, (ww, c) -> c.write(ww));
        RawCodec.writeArray(w, sequences, (ww, s) -> s.write(ww));
        RawCodec.writeOption(w, schedule, (ww, s) -> s.write(ww));
        RawCodec.writeEnum(w, tableType);
        RawCodec.writeEnum(w, tableAccess);
    }
}
