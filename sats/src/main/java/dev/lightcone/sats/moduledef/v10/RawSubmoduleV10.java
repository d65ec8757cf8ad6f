package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;

/** A nested module (2.8+, not emitted by the bindings): {@code {namespace: String, module: RawModuleDefV10}}. */
public record RawSubmoduleV10(String namespace, RawModuleDefV10 module) {

    /** Reads one submodule. */
    public static RawSubmoduleV10 read(BsatnReader r) {
        return new RawSubmoduleV10(r.readString(), RawModuleDefV10.read(r));
    }

    /** Writes this submodule. */
    public void write(BsatnWriter w) {
        w.writeString(namespace);
        module.write(w);
    }
}
