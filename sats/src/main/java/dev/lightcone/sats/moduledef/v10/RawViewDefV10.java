package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.AlgebraicTypeCodec;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;

/**
 * A function view: {@code {source_name, index: u32, is_public, is_anonymous, params: ProductType (bare),
 * return_type}}; {@code index} counts views of the same kind (anonymous or not).
 */
public record RawViewDefV10(String sourceName, int index, boolean isPublic, boolean isAnonymous, ProductType params,
        AlgebraicType returnType) {

    /** Reads one view. */
    public static RawViewDefV10 read(BsatnReader r) {
        return new RawViewDefV10(r.readString(), r.readU32(), r.readBool(), r.readBool(),
                AlgebraicTypeCodec.readProductType(r), AlgebraicTypeCodec.read(r));
    }

    /** Writes this view. */
    public void write(BsatnWriter w) {
        w.writeString(sourceName);
        w.writeU32(index);
        w.writeBool(isPublic);
        w.writeBool(isAnonymous);
        AlgebraicTypeCodec.writeProductType(w, params);
        AlgebraicTypeCodec.write(w, returnType);
    }
}
