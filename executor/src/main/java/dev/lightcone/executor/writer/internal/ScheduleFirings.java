package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.record.ScheduleFire;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.schedule.ScheduledRow;
import dev.lightcone.executor.writer.SystemRequest;
import dev.lightcone.sats.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Schedule firings: which are due (asked for as log records), and which have been applied, so that a
 * firing asked for twice (by two nodes, or again after a restart) runs once. Writer-thread confined.
 */
final class ScheduleFirings {
    /** Per schedule row, the intended time of its last firing. */
    private final Map<SnapshotCodec.ScheduleId, Long> lastFired = new TreeMap<>();

    /** Runs a firing record unless that row already fired at (or after) the intended time; the key, or null. */
    ScheduleKey fire(ModuleHost host, ScheduleFire f, List<TxResult> results) {
        // A module update may have given the table another id (ids follow definition order); its name is stable.
        var table = host.datastore().tableByName(f.tableName());
        if (table == null) {
            return null; // an update removed the schedule table: nothing is left to fire
        }
        int tableId = table.id();
        SnapshotCodec.ScheduleId id = new SnapshotCodec.ScheduleId(tableId, f.scheduleId());
        long intended = f.intendedTime().micros();
        Long last = lastFired.get(id);
        if (last != null && last >= intended) {
            return null;
        }
        host.scheduler().cancel(tableId, f.scheduleId());
        results.addAll(host.fireSchedule(new ScheduledRow(tableId, f.scheduleId(), intended, 0), f.timestamp()));
        lastFired.put(id, intended);
        return new ScheduleKey(tableId, f.scheduleId(), intended);
    }

    /** Records a firing redone from the effect log. */
    void record(ScheduleKey k) {
        lastFired.put(new SnapshotCodec.ScheduleId(k.tableId(), k.scheduleId()), k.intendedMicros());
    }

    /** Takes the rows due at {@code now} out of the host's scheduler, as requests for firing records. */
    static List<SystemRequest> due(ModuleHost host, Timestamp now) {
        if (host == null || host.scheduler().nextDueMicros() > now.micros()) {
            return List.of();
        }
        List<SystemRequest> out = new ArrayList<>();
        for (ScheduledRow due : host.scheduler().takeDue(now)) {
            String table = host.datastore().table(due.tableId()).name();
            out.add(new SystemRequest.FireSchedule(due.tableId(), table, due.scheduleId(), new Timestamp(due.dueMicros())));
        }
        return out;
    }

    Map<SnapshotCodec.ScheduleId, Long> copy() {
        return new TreeMap<>(lastFired);
    }

    void restore(Map<SnapshotCodec.ScheduleId, Long> saved) {
        lastFired.clear();
        lastFired.putAll(saved);
    }
}
