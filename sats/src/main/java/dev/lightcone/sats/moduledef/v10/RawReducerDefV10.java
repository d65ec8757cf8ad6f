package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.AlgebraicTypeCodec;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;

/**
 * A reducer: {@code {source_name, params: ProductType (bare), visibility, ok_return_type,
 * err_return_type}}; valid reducers return unit or a String error.
 */
public record RawReducerDefV10(String sourceName, ProductType params, FunctionVisibility visibility,
        AlgebraicType okReturnType, AlgebraicType errReturnType) {

    /** A reducer as the bindings emit it: unit on success, a String on error. */
    public static RawReducerDefV10 of(String sourceName, ProductType params, FunctionVisibility visibility) {
        return new RawReducerDefV10(sourceName, params, visibility, ProductType.UNIT, PrimitiveType.STRING);
    }

    /** Reads one reducer. */
    public static RawReducerDefV10 read(BsatnReader r) {
        return new RawReducerDefV10(r.readString(), AlgebraicTypeCodec.readProductType(r),
                RawCodec.readEnum(r, FunctionVisibility.class), AlgebraicTypeCodec.read(r), AlgebraicTypeCodec.read(r));
    }

    /** Writes this reducer. */
    public void write(BsatnWriter w) {
        w.writeString(sourceName);
        AlgebraicTypeCodec.writeProductType(w, params);
        RawCodec.writeEnum(w, visibility);
        AlgebraicTypeCodec.write(w, okReturnType);
        AlgebraicTypeCodec.write(w, errReturnType);
    }
}
