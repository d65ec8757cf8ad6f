package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import java.math.BigInteger;
import java.util.Optional;

/**
 * A sequence: {@code {source_name: Option<String>, column: u16, start, min_value, max_value:
 * Option<i128>, increment: i128}}.
 */
public record RawSequenceDefV10(Optional<String> sourceName, int column, Optional<BigInteger> start,
        Optional<BigInteger> minValue, Optional<BigInteger> maxValue, BigInteger increment) {

    /** The sequence the bindings emit for {@code #[auto_inc]}: defaults everywhere, increment 1. */
    public static RawSequenceDefV10 autoInc(int column) {
        return new RawSequenceDefV10(Optional.empty(), column, Optional.empty(), Optional.empty(), Optional.empty(),
                BigInteger.ONE);
    }

    /** Reads one sequence. */
    public static RawSequenceDefV10 read(BsatnReader r) {
        return new RawSequenceDefV10(RawCodec.readOption(r, BsatnReader::readString), r.readU16(),
                RawCodec.readOption(r, RawCodec::readI128), RawCodec.readOption(r, RawCodec::readI128),
                RawCodec.readOption(r, RawCodec::readI128), RawCodec.readI128(r));
    }

    /** Writes this sequence. */
    public void write(BsatnWriter w) {
        RawCodec.writeOption(w, sourceName, BsatnWriter::writeString);
        w.writeU16(column);
        RawCodec.writeOption(w, start, RawCodec::writeI128);
        RawCodec.writeOption(w, minValue, RawCodec::writeI128);
        RawCodec.writeOption(w, maxValue, RawCodec::writeI128);
        RawCodec.writeI128(w, increment);
    }
}
