package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import dev.lightcone.sats.moduledef.RawIndexAlgorithm;
import java.util.Optional;

/**
 * An index: {@code {source_name: Option<String>, accessor_name: Option<String>, algorithm}}. Bindings
 * always set {@code source_name}; it becomes the index's alias.
 */
public record RawIndexDefV10(Optional<String> sourceName, Optional<String> accessorName, RawIndexAlgorithm algorithm) {

    /** Reads one index. */
    public static RawIndexDefV10 read(BsatnReader r) {
        return new RawIndexDefV10(RawCodec.readOption(r, BsatnReader::readString),
                RawCodec.readOption(r, BsatnReader::readString), RawIndexAlgorithm.read(r));
    }

    /** Writes this index. */
    public void write(BsatnWriter w) {
        RawCodec.writeOption(w, sourceName, BsatnWriter::writeString);
        RawCodec.writeOption(w, accessorName, BsatnWriter::writeString);
        algorithm.write(w);
    }
}
