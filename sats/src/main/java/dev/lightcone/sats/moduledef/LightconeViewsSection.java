package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code lightcone.views} WebAssembly custom section (a Lightcone extension): BSATN records
 * {@code {name: String, sql: String, is_public: Bool, row_type: String}} back to back, with no count, because the linker
 * may concatenate the sections of several object files.
 */
public final class LightconeViewsSection {
    /** The custom section's name. */
    public static final String NAME = "lightcone.views";

    private LightconeViewsSection() {
    }

    /**
     * Parses the section's content.
     *
     * @throws ModuleDefDecodeException naming the entry and offset of a malformed record
     */
    public static List<SqlViewSchema> parse(byte[] content) {
        BsatnReader r = new BsatnReader(content);
        List<SqlViewSchema> out = new ArrayList<>();
        while (r.hasRemaining()) {
            try {
                out.add(new SqlViewSchema(r.readString(), r.readString(), r.readBool(), r.readString()));
            } catch (BsatnDecodeException e) {
                throw new ModuleDefDecodeException(e.getMessage(), e.offset(), NAME + " entry #" + out.size(), e);
            }
        }
        return out;
    }

    /** Encodes views as the section's content; the inverse of {@link #parse}. */
    public static byte[] encode(List<SqlViewSchema> views) {
        BsatnWriter w = new BsatnWriter();
        for (SqlViewSchema v : views) {
            w.writeString(v.name()).writeString(v.sql()).writeBool(v.isPublic()).writeString(v.rowType());
        }
        return w.toByteArray();
    }
}
