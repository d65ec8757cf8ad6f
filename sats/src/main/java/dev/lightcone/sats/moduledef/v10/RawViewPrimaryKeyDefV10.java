package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import java.util.List;

/** A view's primary key (2.5+): {@code {view_source_name, columns: Array(String)}}; one column supported. */
public record RawViewPrimaryKeyDefV10(String viewSourceName, List<String> columns) {
    public RawViewPrimaryKeyDefV10 {
        columns = List.copyOf(columns);
    }

    /** Reads one entry. */
    public static RawViewPrimaryKeyDefV10 read(BsatnReader r) {
        return new RawViewPrimaryKeyDefV10(r.readString(), RawCodec.readStrings(r));
    }

    /** Writes this entry. */
    public void write(BsatnWriter w) {
        w.writeString(viewSourceName);
        RawCodec.writeStrings(w, columns);
    }
}
