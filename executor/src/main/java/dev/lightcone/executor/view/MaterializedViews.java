package dev.lightcone.executor.view;

import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.datastore.DatastoreException;
import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.host.ModuleInstance;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The materialized instances of one database's function views: which (view, sender) pairs exist, and
 * keeping their rows current inside every transaction (semantics §2.5, §6).
 *
 * <p>Which instances exist is committed state: {@code st_view_sub} names, per connection, the
 * instances it subscribed to, written by logged records ({@code SubscribeViews}, disconnects). So
 * every replay and every node re-evaluates exactly the same instances, and a view that fails fails
 * the same transactions everywhere. What each instance read is only a cache here: an instance whose
 * read set is unknown (after a restart) is re-evaluated on the next write to any table, which gives the
 * same rows, since a view is a function of what it reads.
 *
 * <p>Writer-thread confined.
 */
public final class MaterializedViews {
    /** One materialized instance: a view (by its position in the module's views) and a sender. */
    record Instance(int position, Identity sender) implements Comparable<Instance> {
        @Override
        public int compareTo(Instance o) {
            int c = Integer.compare(position, o.position);
            return c != 0 ? c : sender.compareTo(o.sender);
        }
    }

    private final ModuleSchema schema;
    private final Datastore datastore;
    /** The instances, with what each read last time (null: unknown); null when it must be rebuilt. */
    private TreeMap<Instance, int[]> instances;
    /** Read sets learnt by the transaction still open ({@link #pendingTx}); kept only if it commits. */
    private final Map<Instance, int[]> pending = new java.util.HashMap<>();
    /** Instances the open transaction released: not refreshed by it. */
    private final Set<Instance> released = new HashSet<>();
    private MutTx pendingTx;
    private long evaluations;

    public MaterializedViews(ModuleSchema schema, Datastore datastore) {
        this.schema = schema;
        this.datastore = datastore;
    }

    /** How many view calls refreshes and subscriptions have made (for tests and metrics). */
    public long evaluations() {
        return evaluations;
    }

    /** The number of materialized (view, sender) instances. */
    public int instanceCount() {
        return instances().size();
    }

    /** Forgets the cached instance list, after changes applied without a commit of this host (replay). */
    public void invalidate() {
        instances = null;
    }

    /**
     * Notes that {@code tx} committed {@code changes}: what its evaluations read becomes the instances'
     * read sets, and a change to {@code st_view_sub} changes the instances. (A transaction rolled back
     * never gets here, so what it learnt is dropped with it.)
     */
    public void afterCommit(MutTx tx, List<TableChanges> changes) {
        if (instances != null && pendingTx == tx) {
            keepKnown(instances, pending);
        }
        for (TableChanges tc : changes) {
            if (tc.tableId() == SystemTables.ST_VIEW_SUB_ID && !tc.isEmpty()) {
                TreeMap<Instance, int[]> before = instances;
                instances = null;
                TreeMap<Instance, int[]> rebuilt = instances();
                if (before != null) {
                    keepKnown(rebuilt, before);
                }
                if (pendingTx == tx) {
                    keepKnown(rebuilt, pending);
                }
                break;
            }
        }
        pending.clear();
        released.clear();
        pendingTx = null;
    }

    /** Copies the read sets of {@code from} onto the instances {@code into} has. */
    private static void keepKnown(Map<Instance, int[]> into, Map<Instance, int[]> from) {
        from.forEach((k, v) -> {
            if (into.containsKey(k)) {
                into.put(k, v);
            }
        });
    }

    private void openScratch(MutTx tx) {
        if (pendingTx != tx) {
            pending.clear();
            released.clear();
            pendingTx = tx;
        }
    }

    private void learn(MutTx tx, Instance inst, int[] read) {
        openScratch(tx);
        pending.put(inst, read);
    }

    private int[] lastRead(MutTx tx, Instance inst, int[] committed) {
        if (pendingTx == tx) {
            int[] p = pending.get(inst);
            if (p != null) {
                return p;
            }
        }
        return committed;
    }

    private TreeMap<Instance, int[]> instances() {
        if (instances == null) {
            TreeMap<Instance, int[]> rebuilt = new TreeMap<>();
            for (Row r : datastore.table(SystemTables.ST_VIEW_SUB_ID).rows()) {
                rebuilt.put(instanceOf(r), null);
            }
            instances = rebuilt;
        }
        return instances;
    }

    private Instance instanceOf(Row r) {
        byte[] b = r.bytes();
        int viewId = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
        return new Instance(viewId, Identity.fromLittleEndian(Arrays.copyOfRange(b, 4, 4 + ViewTables.SENDER_BYTES)));
    }

    /**
     * Re-evaluates, inside {@code tx} and before it commits, every instance whose last read set meets a
     * table {@code tx} wrote, replacing its rows by the difference. Instances are visited in (view,
     * sender) order, so the rows and any failure are the same on every replay.
     *
     * @throws ViewFailedException if a view fails; the caller rolls the whole transaction back
     */
    public void refresh(ModuleInstance instance, MutTx tx, Timestamp timestamp) {
        if (instances().isEmpty()) {
            return;
        }
        refreshWritten(instance, tx, tx.writtenTables(), timestamp);
    }

    /**
     * Refreshes, in {@code tx}, the instances that {@code applied} (changes already applied to the
     * committed state) affect.
     *
     * @throws ViewFailedException if a view fails
     */
    public void refreshFor(ModuleInstance instance, MutTx tx, List<TableChanges> applied, Timestamp timestamp) {
        if (instances().isEmpty()) {
            return;
        }
        int[] written = applied.stream().filter(tc -> !tc.isEmpty()).mapToInt(TableChanges::tableId)
                .sorted().distinct().toArray();
        refreshWritten(instance, tx, written, timestamp);
    }

    /**
     * Evaluates every instance anew in {@code tx} (after a module update, whose views may compute other
     * rows from the same data), replacing rows that differ.
     *
     * @throws ViewFailedException if a view fails
     */
    public void rematerializeAll(ModuleInstance instance, MutTx tx, Timestamp timestamp) {
        TreeMap<Instance, int[]> all = new TreeMap<>();
        for (Row r : tx.scan(SystemTables.ST_VIEW_SUB_ID)) {
            all.put(instanceOf(r), null);
        }
        for (Instance inst : all.keySet()) {
            learn(tx, inst, replaceRows(instance, inst, tx, timestamp));
        }
    }

    private void refreshWritten(ModuleInstance instance, MutTx tx, int[] written, Timestamp timestamp) {
        TreeMap<Instance, int[]> all = instances();
        if (!writesAnySource(written)) {
            return;
        }
        for (Map.Entry<Instance, int[]> e : all.entrySet()) {
            if (pendingTx == tx && released.contains(e.getKey())) {
                continue;
            }
            int[] read = lastRead(tx, e.getKey(), e.getValue());
            if (read == null || intersects(read, written)) {
                learn(tx, e.getKey(), replaceRows(instance, e.getKey(), tx, timestamp));
            }
        }
    }

    private static boolean writesAnySource(int[] written) {
        for (int id : written) {
            if (!ViewTables.isViewTable(id) && id != SystemTables.ST_VIEW_SUB_ID) {
                return true;
            }
        }
        return false;
    }

    private static boolean intersects(int[] sortedA, int[] sortedB) {
        int i = 0;
        int j = 0;
        while (i < sortedA.length && j < sortedB.length) {
            if (sortedA[i] == sortedB[j]) {
                return true;
            }
            if (sortedA[i] < sortedB[j]) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }

    /**
     * Makes {@code connection} (of {@code sender}) hold the instances of these views, evaluating the ones
     * no connection held yet, inside {@code tx}.
     *
     * @param positions positions in the module's views of materialized views
     * @throws ViewFailedException if a view evaluated now fails
     */
    public void subscribe(ModuleInstance instance, MutTx tx, ConnectionId connection, Identity sender,
            List<Integer> positions, Timestamp timestamp) {
        if (!tx.contains(SystemTables.ST_CLIENT_ID, new Row(SystemTables.clientRow(sender, connection)))) {
            return; // the connection ended before its subscription was applied: nothing to hold
        }
        TreeMap<Instance, int[]> all = instances();
        for (int position : new LinkedHashSet<>(positions)) {
            ViewSchema view = schema.views().get(position);
            Identity key = view.isAnonymous() ? Identity.ZERO : sender;
            Instance inst = new Instance(position, key);
            Row hold = new Row(SystemTables.viewSubRow(position, key, connection));
            if (tx.contains(SystemTables.ST_VIEW_SUB_ID, hold)) {
                continue;
            }
            if (!all.containsKey(inst) && !(pendingTx == tx && pending.containsKey(inst))) {
                learn(tx, inst, replaceRows(instance, inst, tx, timestamp));
            }
            tx.insert(SystemTables.ST_VIEW_SUB_ID, hold.bytes());
        }
    }

    /** Releases what {@code connection} held; instances nobody holds any more lose their rows. */
    public void release(MutTx tx, ConnectionId connection) {
        if (instances().isEmpty()) {
            return;
        }
        byte[] conn = connection.toLittleEndian();
        Set<Instance> released = new HashSet<>();
        Set<Instance> stillHeld = new HashSet<>();
        for (Row r : tx.scan(SystemTables.ST_VIEW_SUB_ID)) {
            byte[] b = r.bytes();
            Instance inst = instanceOf(r);
            if (Arrays.equals(b, 4 + ViewTables.SENDER_BYTES, b.length, conn, 0, conn.length)) {
                tx.delete(SystemTables.ST_VIEW_SUB_ID, r);
                released.add(inst);
            } else {
                stillHeld.add(inst);
            }
        }
        released.removeAll(stillHeld);
        openScratch(tx);
        this.released.addAll(released);
        for (Instance inst : released) {
            for (Row r : rowsOf(inst, tx)) {
                tx.delete(ViewTables.tableId(inst.position()), r);
            }
        }
    }

    /** Evaluates one instance and makes its rows in {@code tx} equal to the result; returns what it read. */
    private int[] replaceRows(ModuleInstance instance, Instance inst, MutTx tx, Timestamp timestamp) {
        ViewSchema view = schema.views().get(inst.position());
        java.util.SortedSet<Integer> enclosing = tx.beginReadScope();
        ViewResult result;
        int[] read;
        try {
            evaluations++;
            result = ViewCalls.call(instance, view, inst.sender(), tx, timestamp);
        } finally {
            read = tx.endReadScope(enclosing);
        }
        if (!(result instanceof ViewResult.Rows rows)) {
            throw new ViewFailedException(view.name(), "it returned a query where rows were declared");
        }
        byte[] prefix = inst.sender().toLittleEndian();
        Set<Row> fresh = new LinkedHashSet<>();
        for (byte[] r : rows.rows()) {
            byte[] full = new byte[prefix.length + r.length];
            System.arraycopy(prefix, 0, full, 0, prefix.length);
            System.arraycopy(r, 0, full, prefix.length, r.length);
            fresh.add(new Row(full));
        }
        int tableId = ViewTables.tableId(inst.position());
        List<Row> current = rowsOf(inst, tx);
        Set<Row> kept = new HashSet<>(current);
        for (Row r : current) {
            if (!fresh.contains(r)) {
                tx.delete(tableId, r);
            }
        }
        try {
            for (Row r : fresh) {
                if (!kept.contains(r)) {
                    tx.insert(tableId, r.bytes());
                }
            }
        } catch (DatastoreException | dev.lightcone.sats.bsatn.BsatnDecodeException e) {
            throw new ViewFailedException(view.name(), e.getMessage());
        }
        return read;
    }

    private List<Row> rowsOf(Instance inst, MutTx tx) {
        return new ArrayList<>(tx.indexPoint(ViewTables.senderIndexId(inst.position()), inst.sender().toLittleEndian()));
    }
}
