package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.Lifecycle;
import dev.lightcone.sats.moduledef.RawCodec;

/** A lifecycle assignment: {@code {lifecycle_spec: Lifecycle, function_name}} naming a reducer. */
public record RawLifeCycleReducerDefV10(Lifecycle lifecycleSpec, String functionName) {

    /** Reads one assignment. */
    public static RawLifeCycleReducerDefV10 read(BsatnReader r) {
        return new RawLifeCycleReducerDefV10(RawCodec.readEnum(r, Lifecycle.class), r.readString());
    }

    /** Writes this assignment. */
    public void write(BsatnWriter w) {
        RawCodec.writeEnum(w, lifecycleSpec);
        w.writeString(functionName);
    }
}
