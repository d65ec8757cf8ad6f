package dev.lightcone.executor.schedule;

import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.moduledef.ScheduleSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tracks the rows of schedule tables and when each is due (module-abi §9.3). Arming happens when a
 * transaction that inserted or updated the row commits, measured from that transaction's timestamp,
 * so the schedule is a pure function of the committed history. Not thread-safe: owned by the writer.
 */
public final class Scheduler {
    /** Pending rows by (due time, table, id), so the earliest is first and ties break deterministically. */
    private final TreeMap<Key, ScheduledRow> byDue = new TreeMap<>();
    private final Map<Id, Key> byId = new HashMap<>();

    private record Id(int tableId, long scheduleId) {
    }

    private record Key(long dueMicros, int tableId, long scheduleId) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(dueMicros, o.dueMicros);
            if (c == 0) {
                c = Integer.compare(tableId, o.tableId);
            }
            return c != 0 ? c : Long.compare(scheduleId, o.scheduleId);
        }
    }

    /** Arms and cancels schedules according to a committed transaction's changes. */
    public void onCommit(Datastore ds, List<TableChanges> changes, Timestamp txTimestamp) {
        for (TableChanges tc : changes) {
            Table t = ds.table(tc.tableId());
            if (t.schema().schedule().isEmpty()) {
                continue;
            }
            ScheduleSchema s = t.schema().schedule().get();
            for (Row r : tc.deletes()) {
                cancel(tc.tableId(), ScheduleRows.scheduleId(t, s, r));
            }
            for (Row r : tc.inserts()) {
                arm(ScheduleRows.read(t, s, r, txTimestamp.micros()));
            }
        }
    }

    /** Arms every row of every schedule table, as after a restart: intervals count from {@code now}. */
    public void armAll(Datastore ds, Timestamp now) {
        for (Table t : ds.tables()) {
            if (t.schema().schedule().isEmpty()) {
                continue;
            }
            for (Row r : t.rows()) {
                arm(ScheduleRows.read(t, t.schema().schedule().get(), r, now.micros()));
            }
        }
    }

    /** Adds or replaces the pending firing of a row. */
    public void arm(ScheduledRow row) {
        cancel(row.tableId(), row.scheduleId());
        Key k = new Key(row.dueMicros(), row.tableId(), row.scheduleId());
        byDue.put(k, row);
        byId.put(new Id(row.tableId(), row.scheduleId()), k);
    }

    /** Forgets the pending firing of a row, if any. */
    public void cancel(int tableId, long scheduleId) {
        Key k = byId.remove(new Id(tableId, scheduleId));
        if (k != null) {
            byDue.remove(k);
        }
    }

    /** Removes and returns every firing due at or before {@code now}, earliest first. */
    public List<ScheduledRow> takeDue(Timestamp now) {
        List<ScheduledRow> out = new ArrayList<>();
        while (!byDue.isEmpty() && byDue.firstKey().dueMicros() <= now.micros()) {
            ScheduledRow r = byDue.pollFirstEntry().getValue();
            byId.remove(new Id(r.tableId(), r.scheduleId()));
            out.add(r);
        }
        return out;
    }

    /** When the next firing is due, in µs since the epoch, or {@code Long.MAX_VALUE} if none. */
    public long nextDueMicros() {
        return byDue.isEmpty() ? Long.MAX_VALUE : byDue.firstKey().dueMicros();
    }

    public int pending() {
        return byDue.size();
    }

    /**
     * The next tick of an interval schedule strictly after {@code nowMicros} on the grid
     * {@code intended + k * interval}; missed ticks are skipped, not caught up.
     */
    public static long nextTick(long intendedMicros, long intervalMicros, long nowMicros) {
        if (nowMicros < intendedMicros) {
            return intendedMicros + intervalMicros;
        }
        long k = (nowMicros - intendedMicros) / intervalMicros + 1;
        return intendedMicros + k * intervalMicros;
    }
}
