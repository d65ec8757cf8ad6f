package dev.lightcone.sats.moduledef.v9;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import java.util.Optional;

/** A V9 table's schedule: {@code {name: Option<String>, reducer_name, scheduled_at_column: u16}}. */
public record RawScheduleDefV9(Optional<String> name, String reducerName, int scheduledAtColumn) {

    /** Reads one schedule. */
    public static RawScheduleDefV9 read(BsatnReader r) {
        return new RawScheduleDefV9(RawCodec.readOption(r, BsatnReader::readString), r.readString(), r.readU16());
    }

    /** Writes this schedule. */
    public void write(BsatnWriter w) {
        RawCodec.writeOption(w, name, BsatnWriter::writeString);
        w.writeString(reducerName);
        w.writeU16(scheduledAtColumn);
    }
}
