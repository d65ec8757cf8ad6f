package dev.lightcone.executor.writer.internal;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.datastore.Sequence;
import dev.lightcone.executor.datastore.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which sequence positions each command moved. Sequences are not transactional (a failed transaction
 * still consumes values), so their positions are recorded per command in the effects and restored on
 * recovery. Writer-thread confined.
 */
public final class SequenceTracker {
    /** The last recorded position per (table, column), keyed by {@link #key}. */
    private final Map<Long, SequenceState> known = new HashMap<>();

    private static long key(int tableId, int column) {
        return ((long) tableId << 16) | column;
    }

    /** Forgets every recorded position (a new module was loaded). */
    public void clear() {
        known.clear();
    }

    /** The sequences whose position changed since last asked, with their new position. */
    public List<SequenceState> changed(ModuleHost host) {
        if (host == null) {
            return List.of();
        }
        List<SequenceState> changed = null;
        for (Table t : host.datastore().tables()) {
            for (Sequence s : t.sequences()) {
                SequenceState before = known.get(key(t.id(), s.schema().column()));
                boolean moved = before == null
                        ? !s.peek().equals(s.schema().start()) || s.exhausted()
                        : before.exhausted() != s.exhausted() || !before.next().equals(s.peek());
                if (moved) {
                    SequenceState now = new SequenceState(t.id(), s.schema().column(), s.peek(), s.exhausted());
                    known.put(key(t.id(), now.column()), now);
                    if (changed == null) {
                        changed = new ArrayList<>();
                    }
                    changed.add(now);
                }
            }
        }
        return changed == null ? List.of() : changed;
    }

    /** Sets positions recorded in effects or a snapshot, and remembers them as known. */
    public void restore(ModuleHost host, List<SequenceState> states) {
        set(host, states);
        for (SequenceState s : states) {
            known.put(key(s.tableId(), s.column()), s);
        }
    }

    /** Every sequence's current position. */
    public static List<SequenceState> positions(ModuleHost host) {
        List<SequenceState> all = new ArrayList<>();
        for (Table t : host.datastore().tables()) {
            for (Sequence s : t.sequences()) {
                all.add(new SequenceState(t.id(), s.schema().column(), s.peek(), s.exhausted()));
            }
        }
        return all;
    }

    /** The positions in {@code now} that differ from {@code before} (both from {@link #positions}). */
    public static List<SequenceState> difference(List<SequenceState> before, List<SequenceState> now) {
        List<SequenceState> out = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) {
            if (i >= before.size() || !before.get(i).equals(now.get(i))) {
                out.add(now.get(i));
            }
        }
        return out;
    }

    /** Sets positions without recording them as known: the next {@link #changed} reports them. */
    public static void set(ModuleHost host, List<SequenceState> states) {
        for (SequenceState s : states) {
            for (Sequence seq : host.datastore().table(s.tableId()).sequences()) {
                if (seq.schema().column() == s.column()) {
                    seq.restore(s.next(), s.exhausted());
                }
            }
        }
    }
}
