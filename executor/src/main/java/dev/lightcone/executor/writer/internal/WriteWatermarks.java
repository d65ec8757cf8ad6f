package dev.lightcone.executor.writer.internal;

import dev.lightcone.executor.datastore.TableChanges;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * For every table, the offset of the last record that committed a change to it, and the offset of the
 * last module publish. This is what decides, identically on every node and on every replay, whether a
 * procedure transaction drafted at some offset still applies (design §6). Part of snapshots.
 * Writer-thread confined.
 */
public final class WriteWatermarks {
    /** The key under which module publishes are recorded: a publish conflicts with every draft. */
    public static final int MODULE = -1;

    private long[] lastWrite = new long[0];
    private long lastPublish = -1;

    /** Records the tables a committed transaction of the record at {@code offset} changed. */
    public void recordChanges(long offset, List<TableChanges> changes) {
        for (TableChanges c : changes) {
            if (!c.inserts().isEmpty() || !c.deletes().isEmpty()) {
                set(c.tableId(), offset);
            }
        }
    }

    /** Records that a committed transaction of the record at {@code offset} changed table {@code tableId}. */
    void recordWrite(int tableId, long offset) {
        set(tableId, offset);
    }

    private void set(int tableId, long offset) {
        if (tableId >= lastWrite.length) {
            int old = lastWrite.length;
            lastWrite = Arrays.copyOf(lastWrite, Math.max(tableId + 1, old * 2));
            Arrays.fill(lastWrite, old, lastWrite.length, -1);
        }
        lastWrite[tableId] = offset;
    }

    /** Records a module publish at {@code offset}. */
    public void recordPublish(long offset) {
        lastPublish = offset;
    }

    /** True if a record after {@code readOffset} replaced the module or changed one of {@code tables}. */
    public boolean conflicts(long readOffset, int[] tables) {
        if (lastPublish > readOffset) {
            return true;
        }
        for (int t : tables) {
            if (t >= 0 && t < lastWrite.length && lastWrite[t] > readOffset) {
                return true;
            }
        }
        return false;
    }

    /** A copy for a snapshot: table id (or {@link #MODULE}) to offset. */
    public Map<Integer, Long> copy() {
        Map<Integer, Long> out = new TreeMap<>();
        if (lastPublish >= 0) {
            out.put(MODULE, lastPublish);
        }
        for (int i = 0; i < lastWrite.length; i++) {
            if (lastWrite[i] >= 0) {
                out.put(i, lastWrite[i]);
            }
        }
        return out;
    }

    /** Restores the watermarks of a snapshot. */
    public void restore(Map<Integer, Long> saved) {
        lastWrite = new long[0];
        lastPublish = -1;
        for (Map.Entry<Integer, Long> e : saved.entrySet()) {
            if (e.getKey() == MODULE) {
                lastPublish = e.getValue();
            } else {
                set(e.getKey(), e.getValue());
            }
        }
    }
}
