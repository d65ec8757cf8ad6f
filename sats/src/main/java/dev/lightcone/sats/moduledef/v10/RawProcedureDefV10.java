package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.AlgebraicTypeCodec;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;

/** A procedure: {@code {source_name, params: ProductType (bare), return_type, visibility}}. */
public record RawProcedureDefV10(String sourceName, ProductType params, AlgebraicType returnType,
        FunctionVisibility visibility) {

    /** Reads one procedure. */
    public static RawProcedureDefV10 read(BsatnReader r) {
        return new RawProcedureDefV10(r.readString(), AlgebraicTypeCodec.readProductType(r), AlgebraicTypeCodec.read(r),
                RawCodec.readEnum(r, FunctionVisibility.class));
    }

    /** Writes this procedure. */
    public void write(BsatnWriter w) {
        w.writeString(sourceName);
        AlgebraicTypeCodec.writeProductType(w, params);
        AlgebraicTypeCodec.write(w, returnType);
        RawCodec.writeEnum(w, visibility);
    }
}
