package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ExplicitNames section: {@code {entries: Array(ExplicitNameEntry)}}, applied before the case policy. */
public record ExplicitNames(List<ExplicitNameEntry> entries) {

    /** No explicit names. */
    public static final ExplicitNames EMPTY = new ExplicitNames(List.of());

    public ExplicitNames {
        entries = List.copyOf(entries);
    }

    /** Source name to canonical name for one kind; a later entry for the same source name wins. */
    public Map<String, String> mappings(ExplicitNameEntry.Kind kind) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ExplicitNameEntry e : entries) {
            if (e.kind() == kind) {
                out.put(e.sourceName(), e.canonicalName());
            }
        }
        return out;
    }

    /** Reads the section payload. */
    public static ExplicitNames read(BsatnReader r) {
        return new ExplicitNames(RawCodec.readArray(r, ExplicitNameEntry::read));
    }

    /** Writes the section payload. */
    public void write(BsatnWriter w) {
        RawCodec.writeArray(w, entries, (ww, e) -> e.write(ww));
    }
}
