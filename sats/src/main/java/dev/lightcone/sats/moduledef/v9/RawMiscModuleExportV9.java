package dev.lightcone.sats.moduledef.v9;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.AlgebraicTypeCodec;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import dev.lightcone.sats.moduledef.v10.RawColumnDefaultValueV10;
import dev.lightcone.sats.moduledef.v10.RawViewDefV10;

/**
 * A V9 "miscellaneous export": ColumnDefaultValue = 0, Procedure = 1, View = 2. The view has the V10
 * view layout, so {@link RawViewDefV10} is reused.
 */
public sealed interface RawMiscModuleExportV9 {

    /** Tag 0: {@code {table, col_id: u16, value: Array(U8)}}. */
    record ColumnDefaultValue(String table, RawColumnDefaultValueV10 value) implements RawMiscModuleExportV9 {
    }

    /** Tag 1: {@code {name, params: ProductType (bare), return_type}}. */
    record Procedure(String name, ProductType params, AlgebraicType returnType) implements RawMiscModuleExportV9 {
    }

    /** Tag 2: a view. */
    record View(RawViewDefV10 view) implements RawMiscModuleExportV9 {
    }

    /** Reads one export. */
    static RawMiscModuleExportV9 read(BsatnReader r) {
        int tag = RawCodec.readTag(r, "RawMiscModuleExportV9", 3);
        return switch (tag) {
            case 0 -> new ColumnDefaultValue(r.readString(), RawColumnDefaultValueV10.read(r));
            case 1 -> new Procedure(r.readString(), AlgebraicTypeCodec.readProductType(r), AlgebraicTypeCodec.read(r));
            default -> new View(RawViewDefV10.read(r));
        };
    }

    /** Writes this export. */
    default void write(BsatnWriter w) {
        if (this instanceof ColumnDefaultValue d) {
            w.writeU8(0).writeString(d.table());
            d.value().write(w);
        } else if (this instanceof Procedure p) {
            w.writeU8(1).writeString(p.name());
            AlgebraicTypeCodec.writeProductType(w, p.params());
            AlgebraicTypeCodec.write(w, p.returnType());
        } else if (this instanceof View v) {
            w.writeU8(2);
            v.view().write(w);
        }
    }
}
