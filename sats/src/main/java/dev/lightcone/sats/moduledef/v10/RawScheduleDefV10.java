package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.RawCodec;
import java.util.Optional;

/**
 * A schedule: {@code {source_name: Option<String>, table_name, schedule_at_col: u16, function_name}}.
 * The validator ignores {@code source_name} and always names the schedule {@code {table}_sched}.
 */
public record RawScheduleDefV10(Optional<String> sourceName, String tableName, int scheduleAtCol,
        String functionName) {

    /** Reads one schedule. */
    public static RawScheduleDefV10 read(BsatnReader r) {
        return new RawScheduleDefV10(RawCodec.readOption(r, BsatnReader::readString), r.readString(), r.readU16(),
                r.readString());
    }

    /** Writes this schedule. */
    public void write(BsatnWriter w) {
        RawCodec.writeOption(w, sourceName, BsatnWriter::writeString);
        w.writeString(tableName);
        w.writeU16(scheduleAtCol);
        w.writeString(functionName);
    }
}
