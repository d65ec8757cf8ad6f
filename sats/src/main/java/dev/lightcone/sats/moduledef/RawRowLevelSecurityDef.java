package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;

/** A row-level-security filter, shared by V9 and V10: {@code {sql: String}}. */
public record RawRowLevelSecurityDef(String sql) {

    /** Reads one filter. */
    public static RawRowLevelSecurityDef read(BsatnReader r) {
        return new RawRowLevelSecurityDef(r.readString());
    }

    /** Writes this filter. */
    public void write(BsatnWriter w) {
        w.writeString(sql);
    }
}
