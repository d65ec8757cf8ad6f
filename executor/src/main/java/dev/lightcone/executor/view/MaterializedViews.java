package dev.lightcone.executor.view;

import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.datastore.DatastoreException;
import dev.lightcone.executor.datastore.IndexKey;
import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.ReadSet;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.datastore.TableIndex;
import dev.lightcone.executor.host.ModuleInstance;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The materialized instances of one database's function views: which (view, sender) pairs exist, and
 * keeping their rows current inside every transaction (semantics §2.5, §6).
 *
 * <p>Which instances exist is committed state: {@code st_view_sub} names, per connection, the
 * instances it subscribed to, written by logged records ({@code SubscribeViews}, disconnects). So
 * every replay and every node re-evaluates exactly the same instances, and a view that fails fails
 * the same transactions everywhere. What each instance read last time ({@link ReadSet}: whole tables,
 * or the keys it looked up) is only a cache here: an instance whose reads are unknown (after a
 * restart) is re-evaluated on the next write to any table, which gives the same rows, since a view is
 * a function of what it reads, and skipping an instance whose reads did not change cannot change
 * anything either.
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
    /** The instances with what each read last time (null: unknown); null when it must be rebuilt. */
    private TreeMap<Instance, ReadSet> instances;
    /** For each table, the instances that last read it whole; rebuilt with {@link #instances}. */
    private final Map<Integer, Set<Instance>> wholeReaders = new HashMap<>();
    /**
     * For each table and each of its indexes, the instances that last looked up each key: a write
     * reaches the instances under the keys of the rows it changed, however many instances there are.
     */
    private final Map<Integer, Map<Integer, Map<IndexKey, Set<Instance>>>> pointReaders = new HashMap<>();
    /** Instances whose reads are unknown: any write may concern them. */
    private final Set<Instance> unknown = new TreeSet<>();
    /** Reads learnt by the transaction still open ({@link #pendingTx}); kept only if it commits. */
    private final Map<Instance, ReadSet> pending = new HashMap<>();
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
     * reads, and a change to {@code st_view_sub} changes the instances. (A transaction rolled back never
     * gets here, so what it learnt is dropped with it.)
     */
    public void afterCommit(MutTx tx, List<TableChanges> changes) {
        boolean holdersChanged = false;
        for (TableChanges tc : changes) {
            if (tc.tableId() == SystemTables.ST_VIEW_SUB_ID && !tc.isEmpty()) {
                holdersChanged = true;
            }
        }
        if (holdersChanged && instances != null) {
            TreeMap<Instance, ReadSet> before = instances;
            instances = null;
            TreeMap<Instance, ReadSet> rebuilt = instances();
            before.forEach((k, v) -> {
                if (v != null && rebuilt.containsKey(k)) {
                    setReads(k, v);
                }
            });
        }
        if (pendingTx == tx && instances != null) {
            pending.forEach((k, v) -> {
                if (instances.containsKey(k)) {
                    setReads(k, v);
                }
            });
        }
        pending.clear();
        released.clear();
        pendingTx = null;
    }

    private TreeMap<Instance, ReadSet> instances() {
        if (instances == null) {
            TreeMap<Instance, ReadSet> rebuilt = new TreeMap<>();
            for (Row r : datastore.table(SystemTables.ST_VIEW_SUB_ID).rows()) {
                rebuilt.put(instanceOf(r), null);
            }
            instances = rebuilt;
            wholeReaders.clear();
            pointReaders.clear();
            unknown.clear();
            unknown.addAll(rebuilt.keySet());
        }
        return instances;
    }

    /** Records what an instance read (committed), keeping the per-table index in step. */
    private void setReads(Instance inst, ReadSet reads) {
        ReadSet old = instances.put(inst, reads);
        if (old != null) {
            old.forEach(t -> {
                Set<Instance> s = wholeReaders.get(t);
                if (s != null) {
                    s.remove(inst);
                }
            }, (t, index, key) -> {
                Map<IndexKey, Set<Instance>> byKey = pointReaders.getOrDefault(t, Map.of()).get(index);
                Set<Instance> s = byKey == null ? null : byKey.get(key);
                if (s != null) {
                    s.remove(inst);
                    if (s.isEmpty()) {
                        byKey.remove(key);
                    }
                }
            });
        }
        unknown.remove(inst);
        reads.forEach(t -> wholeReaders.computeIfAbsent(t, k -> new TreeSet<>()).add(inst),
                (t, index, key) -> pointReaders.computeIfAbsent(t, k -> new HashMap<>())
                        .computeIfAbsent(index, k -> new HashMap<>()).computeIfAbsent(key, k -> new TreeSet<>()).add(inst));
    }

    private void openScratch(MutTx tx) {
        if (pendingTx != tx) {
            pending.clear();
            released.clear();
            pendingTx = tx;
        }
    }

    private void learn(MutTx tx, Instance inst, ReadSet reads) {
        openScratch(tx);
        pending.put(inst, reads);
    }

    private ReadSet lastRead(MutTx tx, Instance inst) {
        if (pendingTx == tx) {
            ReadSet p = pending.get(inst);
            if (p != null) {
                return p;
            }
        }
        return instances.get(inst);
    }

    private Instance instanceOf(Row r) {
        byte[] b = r.bytes();
        return new Instance(SystemTables.viewIdOf(b), Identity.fromLittleEndian(Arrays.copyOfRange(b, 4, 4 + ViewTables.SENDER_BYTES)));
    }

    /**
     * Re-evaluates, inside {@code tx} and before it commits, every instance whose last reads its writes
     * concern, replacing its rows by the difference. Instances are visited in (view, sender) order, so
     * the rows and any failure are the same on every replay.
     *
     * @throws ViewFailedException if a view fails; the caller rolls the whole transaction back
     */
    public void refresh(ModuleInstance instance, MutTx tx, Timestamp timestamp) {
        if (instances().isEmpty()) {
            return;
        }
        refreshWritten(instance, tx, tx.writtenTables(), null, timestamp);
    }

    /**
     * Refreshes, in {@code tx}, the instances that {@code applied} (changes already applied to the
     * committed state) concern.
     *
     * @throws ViewFailedException if a view fails
     */
    public void refreshFor(ModuleInstance instance, MutTx tx, List<TableChanges> applied, Timestamp timestamp) {
        if (instances().isEmpty()) {
            return;
        }
        int[] written = applied.stream().filter(tc -> !tc.isEmpty()).mapToInt(TableChanges::tableId)
                .sorted().distinct().toArray();
        refreshWritten(instance, tx, written, applied, timestamp);
    }

    /**
     * Evaluates every instance anew in {@code tx} (after a module update, whose views may compute other
     * rows from the same data), replacing rows that differ.
     *
     * @throws ViewFailedException if a view fails
     */
    public void rematerializeAll(ModuleInstance instance, MutTx tx, Timestamp timestamp) {
        TreeSet<Instance> all = new TreeSet<>();
        for (Row r : tx.scan(SystemTables.ST_VIEW_SUB_ID)) {
            all.add(instanceOf(r));
        }
        for (Instance inst : all) {
            learn(tx, inst, replaceRows(instance, inst, tx, timestamp));
        }
    }

    /**
     * After a module update that kept the data, in {@code tx}: maps the holders moved from the module
     * {@code previous} onto this module's views by name, dropping those of views it no longer has, no
     * longer materializes, or whose anonymity changed.
     *
     * @return false if nobody held any view (nothing to do)
     */
    public boolean adoptHolders(MutTx tx, ModuleSchema previous) {
        List<Row> held = new ArrayList<>(tx.scan(SystemTables.ST_VIEW_SUB_ID));
        if (held.isEmpty()) {
            return false;
        }
        List<byte[]> adopted = new ArrayList<>();
        for (Row r : held) {
            tx.delete(SystemTables.ST_VIEW_SUB_ID, r);
            int oldPosition = SystemTables.viewIdOf(r.bytes());
            if (oldPosition >= previous.views().size()) {
                continue;
            }
            ViewSchema old = previous.views().get(oldPosition);
            int position = positionOf(old.name());
            if (position < 0 || schema.views().get(position).isAnonymous() != old.isAnonymous()
                    || !ViewTables.isMaterialized(schema.views().get(position))) {
                continue;
            }
            byte[] b = r.bytes();
            adopted.add(SystemTables.viewSubRow(position,
                    Identity.fromLittleEndian(Arrays.copyOfRange(b, 4, 4 + ViewTables.SENDER_BYTES)),
                    ConnectionId.fromLittleEndian(Arrays.copyOfRange(b, 4 + ViewTables.SENDER_BYTES, b.length))));
        }
        for (byte[] row : adopted) {
            if (!tx.contains(SystemTables.ST_VIEW_SUB_ID, new Row(row))) {
                tx.insert(SystemTables.ST_VIEW_SUB_ID, row);
            }
        }
        return true;
    }

    /** The position in this module's views of the view with this canonical or source name, or -1. */
    public int positionOf(String name) {
        List<ViewSchema> all = schema.views();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name) || all.get(i).sourceName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** @param applied the changes that were written, or null for {@code tx}'s own */
    private void refreshWritten(ModuleInstance instance, MutTx tx, int[] written, List<TableChanges> applied,
            Timestamp timestamp) {
        TreeSet<Instance> candidates = new TreeSet<>(unknown);
        if (pendingTx == tx) {
            candidates.addAll(pending.keySet());
        }
        Map<Integer, TableChanges> changes = null;
        for (int t : written) {
            if (ViewTables.isViewTable(t) || t == SystemTables.ST_VIEW_SUB_ID) {
                continue;
            }
            Set<Instance> whole = wholeReaders.get(t);
            if (whole != null) {
                candidates.addAll(whole);
            }
            Map<Integer, Map<IndexKey, Set<Instance>>> byIndex = pointReaders.get(t);
            if (byIndex == null || byIndex.isEmpty()) {
                continue;
            }
            if (changes == null) {
                changes = changesByTable(tx, applied);
            }
            TableChanges tc = changes.get(t);
            if (tc == null) {
                continue;
            }
            for (Map.Entry<Integer, Map<IndexKey, Set<Instance>>> e : byIndex.entrySet()) {
                TableIndex index = datastore.indexById(e.getKey());
                addReadersOf(index, tc.inserts(), e.getValue(), candidates);
                addReadersOf(index, tc.deletes(), e.getValue(), candidates);
            }
        }
        if (pendingTx == tx) {
            candidates.removeAll(released);
        }
        if (candidates.isEmpty()) {
            return;
        }
        if (changes == null) {
            changes = changesByTable(tx, applied);
        }
        for (Instance inst : candidates) {
            ReadSet reads = lastRead(tx, inst);
            if (reads == null || reads.affectedBy(datastore, changes)) {
                learn(tx, inst, replaceRows(instance, inst, tx, timestamp));
            }
        }
    }

    private static Map<Integer, TableChanges> changesByTable(MutTx tx, List<TableChanges> applied) {
        Map<Integer, TableChanges> changes = new HashMap<>();
        for (TableChanges tc : applied != null ? applied : tx.changes()) {
            changes.put(tc.tableId(), tc);
        }
        return changes;
    }

    private static void addReadersOf(TableIndex index, List<Row> rows, Map<IndexKey, Set<Instance>> byKey,
            Set<Instance> into) {
        for (Row r : rows) {
            Set<Instance> s = byKey.get(index.keyOf(r));
            if (s != null) {
                into.addAll(s);
            }
        }
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
        TreeMap<Instance, ReadSet> all = instances();
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
        Set<Instance> dropped = new HashSet<>();
        Set<Instance> stillHeld = new HashSet<>();
        for (Row r : tx.scan(SystemTables.ST_VIEW_SUB_ID)) {
            byte[] b = r.bytes();
            Instance inst = instanceOf(r);
            if (Arrays.equals(b, 4 + ViewTables.SENDER_BYTES, b.length, conn, 0, conn.length)) {
                tx.delete(SystemTables.ST_VIEW_SUB_ID, r);
                dropped.add(inst);
            } else {
                stillHeld.add(inst);
            }
        }
        dropped.removeAll(stillHeld);
        openScratch(tx);
        released.addAll(dropped);
        for (Instance inst : dropped) {
            for (Row r : rowsOf(inst, tx)) {
                tx.delete(ViewTables.tableId(inst.position()), r);
            }
        }
    }

    /** Evaluates one instance and makes its rows in {@code tx} equal to the result; returns what it read. */
    private ReadSet replaceRows(ModuleInstance instance, Instance inst, MutTx tx, Timestamp timestamp) {
        ViewSchema view = schema.views().get(inst.position());
        java.util.SortedSet<Integer> enclosing = tx.beginReadScope();
        ViewResult result;
        ReadSet read;
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
