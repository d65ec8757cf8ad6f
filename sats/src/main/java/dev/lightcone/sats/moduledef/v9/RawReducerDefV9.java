package dev.lightcone.sats.moduledef.v9;

import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.AlgebraicTypeCodec;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.Lifecycle;
import dev.lightcone.sats.moduledef.RawCodec;
import java.util.Optional;

/** A V9 reducer: {@code {name, params: ProductType (bare), lifecycle: Option<Lifecycle>}}. */
public record RawReducerDefV9(String name, ProductType params, Optional<Lifecycle> lifecycle) {

    /** Reads one reducer. */
    public static RawReducerDefV9 read(BsatnReader r) {
        return new RawReducerDefV9(r.readString(), AlgebraicTypeCodec.readProductType(r),
                RawCodec.readOption(r, rr -> RawCodec.readEnum(rr, Lifecycle.class)));
    }

    /** Writes this reducer. */
    public void write(BsatnWriter w) {
        w.writeString(name);
        AlgebraicTypeCodec.writeProductType(w, params);
        RawCodec.writeOption(w, lifecycle, RawCodec::writeEnum);
    }
}
