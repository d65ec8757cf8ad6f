package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;

/** An HTTP handler function (unstable, 2.4+): {@code {source_name}}; its id is its position. */
public record RawHttpHandlerDefV10(String sourceName) {

    /** Reads one handler. */
    public static RawHttpHandlerDefV10 read(BsatnReader r) {
        return new RawHttpHandlerDefV10(r.readString());
    }

    /** Writes this handler. */
    public void write(BsatnWriter w) {
        w.writeString(sourceName);
    }
}
