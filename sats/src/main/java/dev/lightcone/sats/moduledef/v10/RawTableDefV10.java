package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import dev.lightcone.sats.moduledef.TableAccess;
import dev.lightcone.sats.moduledef.TableType;
import java.util.List;

/**
 * A table, fields in encoding order: {@code source_name, product_type_ref: u32, primary_key: ColList,
 * indexes, constraints, sequences, table_type, table_access, default_values, is_event: Bool}.
 */
public record RawTableDefV10(
        String sourceName,
        int productTypeRef,
        List<Integer> primaryKey,
        List<RawIndexDefV10> indexes,
        List<RawConstraintDefV10> constraints,
        List<RawSequenceDefV10> sequences,
        TableType tableType,
        TableAccess tableAccess,
        List<RawColumnDefaultValueV10> defaultValues,
        boolean isEvent) {

    public RawTableDefV10 {
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        constraints = List.copyOf(constraints);
        sequences = List.copyOf(sequences);
        defaultValues = List.copyOf(defaultValues);
    }

    /** Reads one table. */
    public static RawTableDefV10 read(BsatnReader r) {
        return new RawTableDefV10(
                r.readString(),
                r.readU32(),
                RawCodec.readColList(r),
                RawCodec.readArray(r, RawIndexDefV10::read),
                RawCodec.readArray(r, RawConstraintDefV10::read),
                RawCodec.readArray(r, RawSequenceDefV10::read),
                RawCodec.readEnum(r, TableType.class),
                RawCodec.readEnum(r, TableAccess.class),
                RawCodec.readArray(r, RawColumnDefaultValueV10::read),
                r.readBool());
    }

    /** Writes this table. */
    public void write(BsatnWriter w) {
        w.writeString(sourceName);
        w.writeU32(productTypeRef);
        RawCodec.writeColList(w, primaryKey);
        RawCodec.writeArray(w, indexes, (ww, i) -> i.write(ww));
        RawCodec.writeArray(w, constraints, (ww, c) -> c.write(ww));
        RawCodec.writeArray(w, sequences, (ww, s) -> s.write(ww));
        RawCodec.writeEnum(w, tableType);
        RawCodec.writeEnum(w, tableAccess);
        RawCodec.writeArray(w, defaultValues, (ww, d) -> d.write(ww));
        w.writeBool(isEvent);
    }
}
