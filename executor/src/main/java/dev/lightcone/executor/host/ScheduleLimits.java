package dev.lightcone.executor.host;

import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.moduledef.ScheduleSchema;

/**
 * Refuses schedule rows whose delay is too long to arm (2^36 - 1 ms or more), as the reference
 * host does with error 13. The delay is measured from the calling transaction's timestamp so the
 * decision is the same on replay.
 */
final class ScheduleLimits {
    static final long MAX_DELAY_MICROS = ((1L << 36) - 1) * 1_000L;

    int check(Datastore ds, int tableId, byte[] row, Timestamp now) {
        Table t = ds.table(tableId);
        if (t.schema().schedule().isEmpty()) {
            return Errno.OK;
        }
        ScheduleSchema s = t.schema().schedule().get();
        t.layout().validate(row);
        int at = t.layout().columnStart(row, s.scheduleAtColumn());
        int tag = row[at] & 0xFF;
        long micros = readI64(row, at + 1);
        long delay = tag == 0 ? micros : micros - now.micros();
        return delay >= MAX_DELAY_MICROS ? Errno.SCHEDULE_AT_DELAY_TOO_LONG.code() : Errno.OK;
    }

    private static long readI64(byte[] b, int i) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (b[i + k] & 0xFF);
        }
        return v;
    }
}
