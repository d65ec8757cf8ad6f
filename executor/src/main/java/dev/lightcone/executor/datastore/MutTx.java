package dev.lightcone.executor.datastore;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * A serializable read-write transaction over a {@link Datastore}. Changes stay in the transaction
 * (read-your-writes) until {@link #commit()}; {@link #rollback()} drops them. Sequence values taken
 * are never returned, as in SpacetimeDB.
 *
 * <p>Why it is this long: every datastore operation a module can make (insert, update, deletes, scans, index
 * points and ranges) must merge the overlay with the committed state in the same way; keeping them in one
 * class keeps that rule in one place.
 */
public final class MutTx {
    private final Datastore ds;
    /** Touched tables in id order, so the changes come out in a deterministic order. */
    private final List<TxTable> touched = new ArrayList<>(2);
    private boolean closed;
    /** The ids of every table this transaction read or wrote, when asked for ({@link #trackReads}); else null. */
    private java.util.SortedSet<Integer> readSet;
    /** What the current read scope read, key by key where it looked rows up by key; else null. */
    private ReadSet scoped;

    MutTx(Datastore ds) {
        this.ds = ds;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("transaction already finished");
        }
    }

    private TxTable tx(Table t) {
        TxTable txt = peek(t);
        if (txt != null) {
            return txt;
        }
        int at = 0;
        while (at < touched.size() && touched.get(at).table.id() < t.id()) {
            at++;
        }
        txt = new TxTable(t);
        touched.add(at, txt);
        return txt;
    }

    /** The transaction's changes to a table, or null; a list scan, as a transaction touches few tables. */
    private TxTable peek(Table t) {
        for (int i = 0; i < touched.size(); i++) {
            TxTable txt = touched.get(i);
            if (txt.table == t) {
                return txt;
            }
        }
        return null;
    }

    public Datastore datastore() {
        return ds;
    }

    /**
     * Starts recording which tables this transaction reads or writes, for transactions whose commit is
     * checked for conflicts (procedures). Off by default: reducers run on the writer and never conflict.
     */
    public MutTx trackReads() {
        readSet = new java.util.TreeSet<>();
        return this;
    }

    /** The ids of the tables read or written so far, ascending; empty unless {@link #trackReads} was called. */
    public int[] tablesRead() {
        return readSet == null ? new int[0] : readSet.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Starts recording reads afresh, for one view evaluation inside this transaction, down to the keys
     * of point lookups; returns the enclosing record to hand to {@link #endReadScope}.
     */
    public java.util.SortedSet<Integer> beginReadScope() {
        java.util.SortedSet<Integer> enclosing = readSet;
        readSet = new java.util.TreeSet<>();
        scoped = new ReadSet();
        return enclosing;
    }

    /** Ends a read scope: returns what was read in it, and folds the tables read into the enclosing record. */
    public ReadSet endReadScope(java.util.SortedSet<Integer> enclosing) {
        ReadSet read = scoped.freeze();
        if (enclosing != null) {
            enclosing.addAll(readSet);
        }
        readSet = enclosing;
        scoped = null;
        return read;
    }

    /** The ids of the tables this transaction has written so far, ascending. */
    public int[] writtenTables() {
        int[] out = new int[touched.size()];
        int i = 0;
        for (TxTable txt : touched) {
            out[i++] = txt.table.id();
        }
        return out;
    }

    private Table table(int tableId) {
        Table t = ds.table(tableId);
        if (readSet != null) {
            readSet.add(tableId);
        }
        if (scoped != null) {
            scoped.readWhole(tableId);
        }
        return t;
    }

    private Datastore.IndexHandle index(int indexId) {
        Datastore.IndexHandle h = ds.index(indexId);
        if (readSet != null) {
            readSet.add(h.table().id());
        }
        if (scoped != null) {
            scoped.readWhole(h.table().id());
        }
        return h;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Inserts a row given as BSATN. Auto-increment columns holding zero are filled from their
     * sequence first; an identical existing row makes this a successful no-op.
     *
     * @throws BsatnDecodeException if the bytes are not a row of the table
     * @throws UniqueConstraintViolationException if a unique column set already holds the value
     */
    public InsertResult insert(int tableId, byte[] bytes) {
        checkOpen();
        Table t = table(tableId);
        t.layout().validate(bytes);
        Filled filled = fillSequences(t, bytes);
        Row row = new Row(filled.row());
        return new InsertResult(row, filled.generated(), insertRow(t, row));
    }

    /** A row after auto-increment filling, and the generated column values alone. */
    private record Filled(byte[] row, byte[] generated) {
    }

    private static final byte[] NOTHING = new byte[0];

    private static Filled fillSequences(Table t, byte[] bytes) {
        if (t.sequences().isEmpty()) {
            return new Filled(bytes, NOTHING);
        }
        byte[] row = null;
        BsatnWriter gen = null;
        for (Sequence s : t.sequences()) {
            int col = s.schema().column();
            PrimitiveType type = (PrimitiveType) t.layout().columnType(col);
            int start = t.layout().columnStart(bytes, col);
            int width = type.fixedSize();
            if (!isZero(bytes, start, width)) {
                continue;
            }
            BigInteger v = s.take();
            if (row == null) {
                row = bytes.clone();
                gen = new BsatnWriter(16);
            }
            gen.writeBig(v, width);
            byte[] le = Arrays.copyOfRange(gen.buffer(), gen.size() - width, gen.size());
            System.arraycopy(le, 0, row, start, width);
        }
        if (row == null) {
            return new Filled(bytes, NOTHING);
        }
        return new Filled(row, gen.toByteArray());
    }

    private static boolean isZero(byte[] b, int start, int width) {
        for (int i = start; i < start + width; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Returns true if the row was added, false if an identical row was already there. */
    private boolean insertRow(Table t, Row row) {
        TxTable txt = peek(t);
        if (txt != null && txt.inserted.contains(row)) {
            return false;
        }
        if (t.contains(row)) {
            if (txt != null && txt.deleted.contains(row)) {
                // Undeleting a committed row: a row this transaction inserted since may hold its keys.
                checkUniqueAgainstInserted(t, txt, row);
                txt.deleted.remove(row);
                return true;
            }
            return false;
        }
        checkUnique(t, txt, row);
        tx(t).addInserted(row);
        return true;
    }

    private void checkUnique(Table t, TxTable txt, Row row) {
        List<TableIndex> unique = t.uniqueIndexes();
        for (int i = 0; i < unique.size(); i++) { // indexed: no iterator per inserted row
            TableIndex u = unique.get(i);
            // Looked up by the row itself: an index kept in a tree reads the key straight from the row's bytes.
            Row existing = u.uniqueGetByRow(row);
            if (existing != null && (txt == null || txt.isVisibleCommitted(existing))) {
                throw violation(t, u, u.keyOf(row));
            }
            if (txt != null && txt.hasIndexes() && txt.twin(u).uniqueGetByRow(row) != null) {
                throw violation(t, u, u.keyOf(row));
            }
        }
    }

    private static void checkUniqueAgainstInserted(Table t, TxTable txt, Row row) {
        if (!txt.hasIndexes()) {
            return;
        }
        for (TableIndex u : t.uniqueIndexes()) {
            if (txt.twin(u).uniqueGetByRow(row) != null) {
                throw violation(t, u, u.keyOf(row));
            }
        }
    }

    private static UniqueConstraintViolationException violation(Table t, TableIndex u, IndexKey key) {
        String cols = String.join(", ", Arrays.stream(u.columns())
                .mapToObj(c -> t.schema().columns().get(c).name()).toList());
        String value;
        try {
            value = Bsatn.decode(keyProduct(u), key.bytes()).toString();
        } catch (RuntimeException e) {
            value = HexFormat.of().formatHex(key.bytes());
        }
        String constraint = t.schema().uniqueConstraints().stream()
                .filter(c -> c.columns().equals(u.schema().columns()))
                .map(c -> c.name()).findFirst().orElse(u.schema().name());
        return new UniqueConstraintViolationException(t.name(), constraint, cols, value);
    }

    private static AlgebraicType keyProduct(TableIndex u) {
        List<AlgebraicType> types = u.keyTypes();
        if (types.size() == 1) {
            return types.get(0);
        }
        Object[] pairs = new Object[types.size() * 2];
        for (int i = 0; i < types.size(); i++) {
            pairs[2 * i] = "c" + i;
            pairs[2 * i + 1] = types.get(i);
        }
        return dev.lightcone.sats.ProductType.of(pairs);
    }

    /**
     * Replaces the row whose key in unique index {@code indexId} equals the new row's key.
     *
     * @return the result of inserting the new row (with generated columns)
     * @throws NoSuchRowException if no row has that key
     * @throws IndexNotUniqueException if the index is not unique
     */
    public InsertResult update(int tableId, int indexId, byte[] bytes) {
        checkOpen();
        Table t = table(tableId);
        Datastore.IndexHandle h = index(indexId);
        if (h.table() != t) {
            throw new NoSuchIndexException("id " + indexId + " on table " + t.name());
        }
        if (!h.index().unique()) {
            throw new IndexNotUniqueException(h.index().schema().name());
        }
        t.layout().validate(bytes);
        Filled filled = fillSequences(t, bytes);
        byte[] generated = filled.generated();
        Row row = new Row(filled.row());
        TxTable txt = peek(t);
        Row old = null;
        boolean oldWasInserted = false;
        if (txt != null && txt.hasIndexes()) {
            old = txt.twin(h.index()).uniqueGetByRow(row);
            oldWasInserted = old != null;
        }
        if (old == null) {
            Row c = h.index().uniqueGetByRow(row);
            if (c != null && (txt == null || txt.isVisibleCommitted(c))) {
                old = c;
            }
        }
        if (old == null) {
            throw new NoSuchRowException(t.name(), h.index().schema().name());
        }
        if (old.equals(row)) {
            return new InsertResult(old, generated, false);
        }
        // The old row was found visible just above: delete it without looking it up again.
        if (oldWasInserted) {
            txt.removeInserted(old);
        } else {
            tx(t).deleted.add(old);
        }
        try {
            insertRow(t, row);
        } catch (UniqueConstraintViolationException e) {
            if (oldWasInserted) {
                tx(t).addInserted(old);
            } else {
                tx(t).deleted.remove(old);
            }
            throw e;
        }
        return new InsertResult(row, generated, true);
    }

    /** Deletes one row by value; returns false if it was not present. */
    public boolean delete(int tableId, Row row) {
        checkOpen();
        return deleteRow(table(tableId), row);
    }

    private boolean deleteRow(Table t, Row row) {
        TxTable txt = peek(t);
        if (txt != null && txt.inserted.contains(row)) {
            txt.removeInserted(row);
            return true;
        }
        if (t.contains(row) && (txt == null || txt.isVisibleCommitted(row))) {
            tx(t).deleted.add(row);
            return true;
        }
        return false;
    }

    /**
     * Deletes every row equal to one of the rows in a BSATN array ({@code u32} count, rows).
     *
     * @return the number of rows deleted
     */
    public int deleteAllByEq(int tableId, byte[] relation) {
        checkOpen();
        Table t = table(tableId);
        BsatnReader r = new BsatnReader(relation);
        int n = r.readLength(1);
        List<Row> rows = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            int start = r.position();
            Bsatn.skip(r, t.layout().rowType(), Typespace.EMPTY);
            rows.add(new Row(Arrays.copyOfRange(relation, start, r.position())));
        }
        r.expectEnd();
        int deleted = 0;
        for (Row row : rows) {
            if (deleteRow(t, row)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Deletes every row of a table; returns how many there were. */
    public long clear(int tableId) {
        checkOpen();
        Table t = table(tableId);
        List<Row> all = scan(tableId);
        for (Row r : all) {
            deleteRow(t, r);
        }
        return all.size();
    }

    /** Deletes the rows an index point lookup returns; returns the count. */
    public int deleteByIndexPoint(int indexId, byte[] point) {
        List<Row> rows = indexPoint(indexId, point);
        Table t = index(indexId).table();
        for (Row r : rows) {
            deleteRow(t, r);
        }
        return rows.size();
    }

    /** Deletes the rows a range scan returns; returns the count. */
    public int deleteByIndexRange(int indexId, byte[] prefix, int prefixElems, byte[] lower, byte[] upper) {
        List<Row> rows = indexRange(indexId, prefix, prefixElems, lower, upper);
        Table t = index(indexId).table();
        for (Row r : rows) {
            deleteRow(t, r);
        }
        return rows.size();
    }

    // ---------------------------------------------------------------- reads

    /** The number of rows visible to this transaction. */
    public long rowCount(int tableId) {
        Table t = table(tableId);
        TxTable txt = peek(t);
        return txt == null ? t.size() : (long) t.size() - txt.deleted.size() + txt.inserted.size();
    }

    /** Every visible row: committed rows in commit order, then this transaction's inserts. */
    public List<Row> scan(int tableId) {
        Table t = table(tableId);
        TxTable txt = peek(t);
        List<Row> out = new ArrayList<>(t.size() + (txt == null ? 0 : txt.inserted.size()));
        if (txt == null) {
            out.addAll(t.rows());
            return out;
        }
        for (Row r : t.rows()) {
            if (!txt.deleted.contains(r)) {
                out.add(r);
            }
        }
        txt.inserted.addTo(out);
        return out;
    }

    /** Rows whose full index key equals {@code point} (the BSATN of the key column values). */
    public List<Row> indexPoint(int indexId, byte[] point) {
        Datastore.IndexHandle h = ds.index(indexId);
        if (readSet != null) {
            readSet.add(h.table().id());
        }
        TableIndex idx = h.index();
        RowLayout.validateKey(point, idx.keyTypes(), idx.columns().length);
        IndexKey key = IndexKey.full(point, idx.columns().length);
        if (scoped != null) {
            scoped.readPoint(h.table().id(), indexId, key);
        }
        List<Row> out = new ArrayList<>(2);
        collect(h.table(), idx, out, sink -> idx.point(key, sink), (twin, sink) -> twin.point(key, sink));
        return out;
    }

    /**
     * Rows whose first {@code prefixElems} key columns equal {@code prefix} and whose next key
     * column lies between two BSATN {@code Bound}s (tag 0 included, 1 excluded, 2 unbounded).
     */
    public List<Row> indexRange(int indexId, byte[] prefix, int prefixElems, byte[] lower, byte[] upper) {
        Datastore.IndexHandle h = index(indexId);
        TableIndex idx = h.index();
        if (!idx.ordered()) {
            throw new WrongIndexAlgorithmException(idx.schema().name());
        }
        int[] cols = idx.columns();
        if (prefixElems < 0 || prefixElems >= cols.length) {
            throw new BsatnDecodeException("a range scan prefix of " + prefixElems
                    + " columns leaves no column to bound in an index of " + cols.length, 0);
        }
        List<AlgebraicType> keyTypes = idx.keyTypes();
        byte[] pre = prefixElems == 0 ? new byte[0] : prefix;
        RowLayout.validateKey(pre, keyTypes, prefixElems);
        AlgebraicType next = keyTypes.get(prefixElems);
        IndexKey lo = boundKey(pre, prefixElems, next, lower, true);
        IndexKey hi = boundKey(pre, prefixElems, next, upper, false);
        List<Row> out = new ArrayList<>();
        collect(h.table(), idx, out, sink -> idx.range(lo, hi, sink), (twin, sink) -> twin.range(lo, hi, sink));
        return out;
    }

    private static IndexKey boundKey(byte[] prefix, int prefixElems, AlgebraicType next, byte[] bound, boolean isLower) {
        BsatnReader r = new BsatnReader(bound);
        int tag = r.readU8();
        if (tag == 2) {
            r.expectEnd();
            return IndexKey.bound(prefix, prefixElems, isLower ? -1 : 1);
        }
        if (tag > 2) {
            throw new BsatnDecodeException("invalid Bound tag " + tag, 0);
        }
        int start = r.position();
        Bsatn.skip(r, next, Typespace.EMPTY);
        r.expectEnd();
        byte[] key = new byte[prefix.length + bound.length - start];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(bound, start, key, prefix.length, bound.length - start);
        boolean included = tag == 0;
        int sentinel = isLower ? (included ? -1 : 1) : (included ? 1 : -1);
        return IndexKey.bound(key, prefixElems + 1, sentinel);
    }

    /**
     * Gathers committed rows the transaction has not deleted plus its own inserts. For ordered
     * indexes the two sorted runs are merged, so a btree scan returns rows in key order.
     */
    private void collect(Table t, TableIndex idx, List<Row> out, Consumer<Consumer<Row>> committed,
            java.util.function.BiConsumer<TableIndex, Consumer<Row>> pending) {
        TxTable txt = peek(t);
        if (txt == null) {
            committed.accept(out::add);
            return;
        }
        committed.accept(r -> {
            if (!txt.deleted.contains(r)) {
                out.add(r);
            }
        });
        if (!txt.hasIndexes() || txt.inserted.isEmpty()) {
            return;
        }
        List<Row> mine = new ArrayList<>();
        pending.accept(txt.twin(idx), mine::add);
        if (mine.isEmpty()) {
            return;
        }
        if (!idx.ordered() || out.isEmpty()) {
            out.addAll(mine);
            return;
        }
        List<Row> base = new ArrayList<>(out);
        out.clear();
        KeyComparator cmp = idx.comparator();
        int i = 0;
        int j = 0;
        IndexKey ki = idx.keyOf(base.get(0));
        IndexKey kj = idx.keyOf(mine.get(0));
        while (i < base.size() && j < mine.size()) {
            if (cmp.compare(ki, kj) <= 0) {
                out.add(base.get(i++));
                ki = i < base.size() ? idx.keyOf(base.get(i)) : null;
            } else {
                out.add(mine.get(j++));
                kj = j < mine.size() ? idx.keyOf(mine.get(j)) : null;
            }
        }
        out.addAll(base.subList(i, base.size()));
        out.addAll(mine.subList(j, mine.size()));
    }

    /** Whether this transaction sees the row (committed and not deleted, or inserted by it). */
    public boolean contains(int tableId, Row row) {
        Table t = table(tableId);
        TxTable txt = peek(t);
        if (txt != null && txt.inserted.contains(row)) {
            return true;
        }
        return t.contains(row) && (txt == null || txt.isVisibleCommitted(row));
    }

    // ---------------------------------------------------------------- end

    /** The changes this transaction would commit, per touched table in id order. */
    public List<TableChanges> changes() {
        List<TableChanges> out = new ArrayList<>(touched.size());
        for (TxTable txt : touched) {
            if (txt.inserted.isEmpty() && txt.deleted.isEmpty()) {
                continue;
            }
            out.add(new TableChanges(txt.table.id(), txt.table.name(), txt.table.schema().isEvent(),
                    txt.inserted.toList(), txt.deleted.toList()));
        }
        return out;
    }

    /** Makes the changes part of the committed state and returns them. */
    public List<TableChanges> commit() {
        checkOpen();
        List<TableChanges> changes = changes();
        ds.apply(changes);
        finish();
        return changes;
    }

    /** Discards every change. Sequence values taken stay taken. */
    public void rollback() {
        if (!closed) {
            finish();
        }
    }

    private void finish() {
        closed = true;
        touched.clear();
        ds.close(this);
    }

    public boolean isOpen() {
        return !closed;
    }
}
