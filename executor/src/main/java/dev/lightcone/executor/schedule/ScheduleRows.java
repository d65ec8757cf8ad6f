package dev.lightcone.executor.schedule;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.sats.moduledef.ScheduleSchema;

/** Reads the schedule id and {@code ScheduleAt} of a schedule-table row straight from its BSATN. */
public final class ScheduleRows {
    private ScheduleRows() {
    }

    /** The row's u64 schedule id. */
    public static long scheduleId(Table t, ScheduleSchema s, Row r) {
        return readI64(r.bytes(), t.layout().columnStart(r.bytes(), s.idColumn()));
    }

    /** The firing a row asks for; an interval counts from {@code baseMicros}. */
    public static ScheduledRow read(Table t, ScheduleSchema s, Row r, long baseMicros) {
        byte[] b = r.bytes();
        int at = t.layout().columnStart(b, s.scheduleAtColumn());
        long micros = readI64(b, at + 1);
        long id = scheduleId(t, s, r);
        if (b[at] == 0) {
            return new ScheduledRow(t.id(), id, baseMicros + micros, Math.max(1, micros));
        }
        return new ScheduledRow(t.id(), id, micros, 0);
    }

    static long readI64(byte[] b, int i) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (b[i + k] & 0xFF);
        }
        return v;
    }
}
