package dev.lightcone.executor.datastore;

import java.util.AbstractCollection;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An ordered map from primitive {@code long} keys to {@link Row}s: a B+tree whose nodes keep their
 * keys in {@code long[]} arrays. It backs unique ordered indexes over one integer or bool column,
 * where a {@code TreeMap} keyed by rows spent most of its time dereferencing a row and its bytes at
 * each of ~17 levels; here a lookup visits three or four nodes (for 10^5 to 10^7 rows) and
 * binary-searches contiguous longs, and the only row it touches is the one it finds.
 *
 * <p>Leaves hold up to {@link #MAX} entries and are linked left to right for ordered scans; inner
 * nodes hold up to {@code MAX} children. Insert and delete are plain recursions: a node may
 * overflow to {@code MAX + 1} entries or underflow below {@code MIN}, and its parent splits or
 * rebalances it on the way back up.
 *
 * <p>Leaves hold each row's bytes rather than its {@link Row}: a row kept here costs its {@code byte[]} and its
 * slot, not another 16-byte object. When every row of the table has the same size (a product of fixed-size
 * columns, such as a bank account), a leaf keeps its rows side by side in one array instead, and an update
 * overwrites the row's bytes there: the rows live in a few long-lived arrays, so updating them leaves nothing
 * for the young-generation collector to copy or to find through references from old leaves, and a lookup reads
 * the leaf's rows rather than following a reference to a row elsewhere in the heap. Rows handed out are new
 * {@code Row}s around the stored bytes, or around a copy of them when the leaf packs its rows (rows compare by
 * content, so callers see no difference).
 *
 * <p>Not thread-safe. Iterators and the {@link #values()} view reflect the tree as long as it is
 * not modified while they are in use, and behave unpredictably otherwise; the datastore never
 * modifies a table while scanning it.
 *
 * <p>Why it is this long: a B+tree is one data structure whose invariants span insert, delete, rebalance
 * and iteration; it is kept whole (and allocation-lean) on purpose.
 */
final class LongRowTree {
    /**
     * Entries per leaf and children per inner node. A full leaf costs ~13 bytes per row (a long and
     * a reference plus its share of the headers); leaves of 31 measured no faster on recovery.
     */
    static final int MAX = 63;
    /**
     * A removal that leaves a node below this refills it from a sibling or merges the two. The
     * rightmost leaf may hold fewer after an append split (see {@link #splitChild}).
     */
    private static final int MIN = MAX / 2;
    /** Array length of every node: room for one entry over {@code MAX} before the split. */
    private static final int CAPACITY = MAX + 1;
    /** A new tree's first leaf starts small: transactions build a tree per index for a few rows. */
    private static final int FIRST_LEAF_CAPACITY = 4;
    /**
     * Rows up to this size are packed side by side when they all have one size; larger ones keep their own arrays,
     * so that a leaf's array stays small (64 × 256 bytes at most) and a row handed out is a cheap copy.
     */
    static final int MAX_PACKED_WIDTH = 256;

    private abstract static sealed class Node permits Leaf, Inner {
        /** Entries in a leaf, children in an inner node. */
        int count;
        long[] keys;
    }

    /** Entries in key order; the rows are kept in one of two ways (see the class comment). */
    private static final class Leaf extends Node {
        /** Each row's own bytes when rows are not packed; else null. */
        byte[][] rows;
        /** The rows' bytes back to back, {@link #width} bytes each, when they are packed; else null. */
        byte[] packed;
        /** The size of every row when they are packed; else 0. */
        final int width;
        Leaf next;

        Leaf(int capacity, int width) {
            this.width = width;
            keys = new long[capacity];
            if (width > 0) {
                packed = new byte[capacity * width];
            } else {
                rows = new byte[capacity][];
            }
        }

        int capacity() {
            return keys.length;
        }

        /** The bytes of entry {@code i}'s row: the stored array, or a copy when rows are packed. */
        byte[] row(int i) {
            return packed == null ? rows[i] : Arrays.copyOfRange(packed, i * width, (i + 1) * width);
        }

        void setRow(int i, byte[] row) {
            if (packed == null) {
                rows[i] = row;
            } else {
                System.arraycopy(row, 0, packed, i * width, width);
            }
        }

        boolean rowEquals(int i, byte[] row) {
            return packed == null ? Arrays.equals(row, rows[i])
                    : Arrays.equals(row, 0, row.length, packed, i * width, (i + 1) * width);
        }

        /** Moves entries {@code [from, from + n)}, keys and rows, to {@code to} in {@code dst} (which may be this leaf). */
        void moveTo(int from, Leaf dst, int to, int n) {
            System.arraycopy(keys, from, dst.keys, to, n);
            if (packed == null) {
                System.arraycopy(rows, from, dst.rows, to, n);
            } else {
                System.arraycopy(packed, from * width, dst.packed, to * width, n * width);
            }
        }

        /** Forgets the rows of slots {@code [from, to)}, which hold no entries any more, so they can be collected. */
        void clearRows(int from, int to) {
            if (packed == null) {
                Arrays.fill(rows, from, to, null);
            }
        }

        void grow(int capacity) {
            keys = Arrays.copyOf(keys, capacity);
            if (packed == null) {
                rows = Arrays.copyOf(rows, capacity);
            } else {
                packed = Arrays.copyOf(packed, capacity * width);
            }
        }
    }

    /** {@code keys[i]} separates {@code children[i]} (keys below it) from {@code children[i + 1]}. */
    private static final class Inner extends Node {
        final Node[] children = new Node[CAPACITY];

        Inner() {
            keys = new long[CAPACITY];
        }
    }

    /** The size of every row when leaves pack their rows (see the class comment); else 0. */
    private final int width;
    /** Null while the tree has never held an entry, so an unused tree costs no nodes. */
    private Node root;
    /** The leftmost leaf, where ordered iteration starts. */
    private Leaf first;
    private int size;

    /** A tree whose rows may have any size, each kept in its own array. */
    LongRowTree() {
        this(-1);
    }

    /**
     * A tree for rows that all have {@code rowSize} bytes (a negative size: rows vary), packed side by side when
     * that size is between 1 and {@link #MAX_PACKED_WIDTH}.
     */
    LongRowTree(int rowSize) {
        this.width = rowSize > 0 && rowSize <= MAX_PACKED_WIDTH ? rowSize : 0;
    }

    int size() {
        return size;
    }

    /** Whether rows are packed side by side in their leaves (for tests and measurements). */
    boolean packsRows() {
        return width > 0;
    }

    Row get(long key) {
        Node node = root;
        if (node == null) {
            return null;
        }
        long low = Long.MIN_VALUE;
        long high = Long.MAX_VALUE;
        while (node instanceof Inner inner) {
            int c = childIndex(inner, key, low, high);
            low = c > 0 ? inner.keys[c - 1] : low;
            high = c < inner.count - 1 ? inner.keys[c] : high;
            node = inner.children[c];
        }
        Leaf leaf = (Leaf) node;
        int i = search(leaf.keys, leaf.count, key, low, high);
        return i >= 0 ? new Row(leaf.row(i)) : null;
    }

    /** Whether {@code key}'s entry holds exactly {@code row}'s bytes (without making a row of the stored bytes). */
    boolean holds(long key, Row row) {
        Leaf leaf = leafOf(key);
        if (leaf == null) {
            return false;
        }
        int i = search(leaf.keys, leaf.count, key, Long.MIN_VALUE, Long.MAX_VALUE);
        return i >= 0 && leaf.rowEquals(i, row.bytes());
    }

    /** The leaf whose range holds {@code key}, or null for an empty tree. */
    private Leaf leafOf(long key) {
        Node node = root;
        if (node == null) {
            return null;
        }
        while (node instanceof Inner inner) {
            node = inner.children[childIndex(inner, key, Long.MIN_VALUE, Long.MAX_VALUE)];
        }
        return (Leaf) node;
    }

    /**
     * Maps {@code key} to {@code row}; returns whether it replaced an entry.
     *
     * @throws IllegalArgumentException if the tree packs rows and {@code row} is not of their size
     */
    boolean put(long key, Row row) {
        if (width > 0 && row.size() != width) {
            throw new IllegalArgumentException("a row of " + row.size() + " bytes in a tree of " + width + "-byte rows");
        }
        if (root == null) {
            first = new Leaf(FIRST_LEAF_CAPACITY, width);
            root = first;
        }
        int before = size;
        boolean replaced = insert(root, key, row.bytes(), Long.MIN_VALUE, Long.MAX_VALUE);
        if (root.count > MAX) {
            Inner top = new Inner();
            top.children[0] = root;
            top.count = 1;
            splitChild(top, 0, size > before && isLastKey(root, key));
            root = top;
        }
        return replaced;
    }

    /** Removes {@code key}'s entry; returns its row, or null if there was none. */
    Row remove(long key) {
        return remove(key, null);
    }

    /** Removes {@code key}'s entry if its row equals {@code expected} (any row when null); returns the removed row. */
    Row remove(long key, Row expected) {
        if (root == null) {
            return null;
        }
        byte[] removed = delete(root, key, expected == null ? null : expected.bytes(), Long.MIN_VALUE, Long.MAX_VALUE);
        if (root instanceof Inner inner && inner.count == 1) {
            root = inner.children[0];
        }
        return removed == null ? null : new Row(removed);
    }

    void clear() {
        root = null;
        first = null;
        size = 0;
    }

    /** Passes every row whose key lies in {@code [lower, upper]} to {@code sink}, in key order. */
    void range(long lower, long upper, Consumer<Row> sink) {
        if (root == null || lower > upper) {
            return;
        }
        Leaf leaf = leafOf(lower);
        int i = Arrays.binarySearch(leaf.keys, 0, leaf.count, lower);
        i = i >= 0 ? i : -i - 1;
        for (; leaf != null; leaf = leaf.next, i = 0) {
            for (; i < leaf.count; i++) {
                if (leaf.keys[i] > upper) {
                    return;
                }
                sink.accept(new Row(leaf.row(i)));
            }
        }
    }

    /** Passes every row to {@code sink}, in key order. */
    void forEach(Consumer<Row> sink) {
        for (Leaf leaf = first; leaf != null; leaf = leaf.next) {
            for (int i = 0; i < leaf.count; i++) {
                sink.accept(new Row(leaf.row(i)));
            }
        }
    }

    /** The rows in key order, as a read-only view that follows the tree (see the class comment). */
    Collection<Row> values() {
        return new AbstractCollection<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Row> iterator() {
                return new RowIterator(first);
            }

            @Override
            public void forEach(Consumer<? super Row> action) {
                LongRowTree.this.forEach(action::accept);
            }
        };
    }

    /**
     * The rows in key order as they are now, unaffected by later changes. When rows are packed this copies each
     * leaf's rows into one array (an array copy per leaf, no object per row), and rows are made as they are read;
     * otherwise it lists the rows' own arrays, which the tree never changes.
     */
    List<Row> detachedValues() {
        if (width == 0) {
            return Arrays.asList(values().toArray(new Row[0]));
        }
        byte[] all = new byte[Math.multiplyExact(size, width)];
        int at = 0;
        for (Leaf leaf = first; leaf != null; leaf = leaf.next) {
            System.arraycopy(leaf.packed, 0, all, at, leaf.count * width);
            at += leaf.count * width;
        }
        int rows = size;
        int w = width;
        return new AbstractList<>() {
            @Override
            public Row get(int i) {
                Objects.checkIndex(i, rows);
                return new Row(Arrays.copyOfRange(all, i * w, (i + 1) * w));
            }

            @Override
            public int size() {
                return rows;
            }
        };
    }

    private static final class RowIterator implements Iterator<Row> {
        private Leaf leaf;
        private int index;

        RowIterator(Leaf first) {
            leaf = first;
            skipExhausted();
        }

        /** Moves past leaves with no entries left to return (only an emptied root leaf is ever empty). */
        private void skipExhausted() {
            while (leaf != null && index >= leaf.count) {
                leaf = leaf.next;
                index = 0;
            }
        }

        @Override
        public boolean hasNext() {
            return leaf != null;
        }

        @Override
        public Row next() {
            if (leaf == null) {
                throw new NoSuchElementException();
            }
            byte[] row = leaf.row(index++);
            skipExhausted();
            return new Row(row);
        }
    }

    // ---------------------------------------------------------------- search

    /**
     * The child of {@code inner} whose subtree would hold {@code key}: the number of separators ≤ key.
     * {@code low} and {@code high} bound the node's keys as its parent's separators do (see {@link #search}).
     */
    private static int childIndex(Inner inner, long key, long low, long high) {
        int i = search(inner.keys, inner.count - 1, key, low, high);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** How far {@link #search} walks from its first probe before it falls back to halving. */
    private static final int WALK = 4;

    /**
     * {@code Arrays.binarySearch(keys, 0, count, key)}, but starting with one interpolated probe: where
     * {@code key} would be if the node's keys were spread evenly between {@code low} and {@code high} (the
     * parent's separators around the node; {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} at the tree's
     * edges, where the node's own first and last keys stand in), then a short walk, then halving what is
     * left. Keys from a sequence are dense, so the probe lands on the key: one cache line of the node is
     * read instead of the four or five a binary search of 63 keys touches, which is what recovery, updating
     * rows at random, waits for. Correct for any keys; the bounds only steer the first probe.
     */
    static int search(long[] keys, int count, long key, long low, long high) {
        if (count == 0) {
            return -1;
        }
        double lo = low == Long.MIN_VALUE ? (double) keys[0] : (double) low;
        double hi = high == Long.MAX_VALUE ? (double) keys[count - 1] + 1.0 : (double) high;
        // NaN and infinities (empty or inverted spans) cast to 0 or an extreme and are clamped.
        int guess = (int) (((double) key - lo) / (hi - lo) * count);
        guess = Math.max(0, Math.min(count - 1, guess));
        long at = keys[guess];
        if (at == key) {
            return guess;
        }
        if (at < key) {
            int stop = Math.min(count, guess + 1 + WALK);
            for (int i = guess + 1; i < stop; i++) {
                if (keys[i] >= key) {
                    return keys[i] == key ? i : -i - 1;
                }
            }
            return Arrays.binarySearch(keys, stop, count, key);
        }
        int stop = Math.max(-1, guess - 1 - WALK);
        for (int i = guess - 1; i > stop; i--) {
            if (keys[i] <= key) {
                return keys[i] == key ? i : -(i + 1) - 1;
            }
        }
        return Arrays.binarySearch(keys, 0, stop + 1, key);
    }

    private static boolean isLastKey(Node node, long key) {
        return node instanceof Leaf leaf && leaf.next == null && leaf.keys[leaf.count - 1] == key;
    }

    // ---------------------------------------------------------------- insert

    /** Inserts below {@code node}, letting it overflow to {@code MAX + 1}; the caller splits it. */
    private boolean insert(Node node, long key, byte[] row, long low, long high) {
        if (node instanceof Leaf leaf) {
            int i = search(leaf.keys, leaf.count, key, low, high);
            if (i >= 0) {
                leaf.setRow(i, row);
                return true;
            }
            insertAt(leaf, -i - 1, key, row);
            size++;
            return false;
        }
        Inner inner = (Inner) node;
        int c = childIndex(inner, key, low, high);
        int before = size;
        boolean replaced = insert(inner.children[c], key, row, c > 0 ? inner.keys[c - 1] : low,
                c < inner.count - 1 ? inner.keys[c] : high);
        if (inner.children[c].count > MAX) {
            splitChild(inner, c, size > before && isLastKey(inner.children[c], key));
        }
        return replaced;
    }

    private static void insertAt(Leaf leaf, int i, long key, byte[] row) {
        if (leaf.count == leaf.capacity()) {
            leaf.grow(Math.min(leaf.capacity() * 2, CAPACITY));
        }
        leaf.moveTo(i, leaf, i + 1, leaf.count - i);
        leaf.keys[i] = key;
        leaf.setRow(i, row);
        leaf.count++;
    }

    /**
     * Splits the overflowing child {@code c} of {@code parent} in two. Halves suit random inserts,
     * but keys that arrive in increasing order (ids from a sequence) would leave every leaf half
     * empty; so when the new key was appended at the very end of the tree, the left leaf stays full
     * and the new right leaf starts with that one key.
     */
    private static void splitChild(Inner parent, int c, boolean appended) {
        Node child = parent.children[c];
        Node right;
        long separator;
        if (child instanceof Leaf leaf) {
            int keep = appended ? MAX : CAPACITY / 2;
            Leaf r = new Leaf(CAPACITY, leaf.width);
            r.count = leaf.count - keep;
            leaf.moveTo(keep, r, 0, r.count);
            leaf.clearRows(keep, leaf.count);
            leaf.count = keep;
            r.next = leaf.next;
            leaf.next = r;
            right = r;
            separator = r.keys[0];
        } else {
            Inner inner = (Inner) child;
            int keep = CAPACITY / 2;
            Inner r = new Inner();
            r.count = inner.count - keep;
            // The separator between the halves moves up; the right half keeps the ones after it.
            separator = inner.keys[keep - 1];
            System.arraycopy(inner.keys, keep, r.keys, 0, r.count - 1);
            System.arraycopy(inner.children, keep, r.children, 0, r.count);
            Arrays.fill(inner.children, keep, inner.count, null);
            inner.count = keep;
            right = r;
        }
        System.arraycopy(parent.keys, c, parent.keys, c + 1, parent.count - 1 - c);
        System.arraycopy(parent.children, c + 1, parent.children, c + 2, parent.count - 1 - c);
        parent.keys[c] = separator;
        parent.children[c + 1] = right;
        parent.count++;
    }

    // ---------------------------------------------------------------- delete

    /** Deletes below {@code node}, letting it underflow below {@code MIN}; the caller rebalances it. */
    private byte[] delete(Node node, long key, byte[] expected, long low, long high) {
        if (node instanceof Leaf leaf) {
            int i = search(leaf.keys, leaf.count, key, low, high);
            if (i < 0 || (expected != null && !leaf.rowEquals(i, expected))) {
                return null;
            }
            byte[] old = leaf.row(i);
            leaf.moveTo(i + 1, leaf, i, leaf.count - 1 - i);
            leaf.count--;
            leaf.clearRows(leaf.count, leaf.count + 1);
            size--;
            return old;
        }
        Inner inner = (Inner) node;
        int c = childIndex(inner, key, low, high);
        byte[] removed = delete(inner.children[c], key, expected, c > 0 ? inner.keys[c - 1] : low,
                c < inner.count - 1 ? inner.keys[c] : high);
        if (removed != null && inner.children[c].count < MIN) {
            rebalance(inner, c);
        }
        return removed;
    }

    /** Refills the underfull child {@code c} from a sibling, or merges the two when both are low. */
    private static void rebalance(Inner parent, int c) {
        int left = c > 0 ? c - 1 : c;
        Node a = parent.children[left];
        Node b = parent.children[left + 1];
        if (a.count + b.count <= MAX) {
            merge(parent, left);
        } else if (a.count < b.count) {
            shiftLeft(parent, left);
        } else {
            shiftRight(parent, left);
        }
    }

    /** Moves every entry of {@code children[i + 1]} into {@code children[i]} and drops the right one. */
    private static void merge(Inner parent, int i) {
        Node a = parent.children[i];
        Node b = parent.children[i + 1];
        if (a instanceof Leaf la) {
            Leaf lb = (Leaf) b;
            ensureCapacity(la, la.count + lb.count);
            lb.moveTo(0, la, la.count, lb.count);
            la.count += lb.count;
            la.next = lb.next;
        } else {
            Inner ia = (Inner) a;
            Inner ib = (Inner) b;
            ia.keys[ia.count - 1] = parent.keys[i];
            System.arraycopy(ib.keys, 0, ia.keys, ia.count, ib.count - 1);
            System.arraycopy(ib.children, 0, ia.children, ia.count, ib.count);
            ia.count += ib.count;
        }
        System.arraycopy(parent.keys, i + 1, parent.keys, i, parent.count - 2 - i);
        System.arraycopy(parent.children, i + 2, parent.children, i + 1, parent.count - 2 - i);
        parent.children[--parent.count] = null;
    }

    /** Moves the first entry of {@code children[i + 1]} to the end of {@code children[i]}. */
    private static void shiftLeft(Inner parent, int i) {
        Node a = parent.children[i];
        Node b = parent.children[i + 1];
        if (a instanceof Leaf la) {
            Leaf lb = (Leaf) b;
            ensureCapacity(la, la.count + 1);
            lb.moveTo(0, la, la.count, 1);
            la.count++;
            lb.moveTo(1, lb, 0, lb.count - 1);
            lb.count--;
            lb.clearRows(lb.count, lb.count + 1);
            parent.keys[i] = lb.keys[0];
        } else {
            Inner ia = (Inner) a;
            Inner ib = (Inner) b;
            ia.keys[ia.count - 1] = parent.keys[i];
            ia.children[ia.count] = ib.children[0];
            ia.count++;
            parent.keys[i] = ib.keys[0];
            System.arraycopy(ib.keys, 1, ib.keys, 0, ib.count - 2);
            System.arraycopy(ib.children, 1, ib.children, 0, ib.count - 1);
            ib.children[--ib.count] = null;
        }
    }

    /** Moves the last entry of {@code children[i]} to the front of {@code children[i + 1]}. */
    private static void shiftRight(Inner parent, int i) {
        Node a = parent.children[i];
        Node b = parent.children[i + 1];
        if (a instanceof Leaf la) {
            Leaf lb = (Leaf) b;
            ensureCapacity(lb, lb.count + 1);
            lb.moveTo(0, lb, 1, lb.count);
            la.moveTo(la.count - 1, lb, 0, 1);
            lb.count++;
            la.count--;
            la.clearRows(la.count, la.count + 1);
            parent.keys[i] = lb.keys[0];
        } else {
            Inner ia = (Inner) a;
            Inner ib = (Inner) b;
            System.arraycopy(ib.keys, 0, ib.keys, 1, ib.count - 1);
            System.arraycopy(ib.children, 0, ib.children, 1, ib.count);
            ib.keys[0] = parent.keys[i];
            ib.children[0] = ia.children[ia.count - 1];
            ib.count++;
            parent.keys[i] = ia.keys[ia.count - 2];
            ia.children[--ia.count] = null;
        }
    }

    private static void ensureCapacity(Leaf leaf, int needed) {
        if (leaf.capacity() < needed) {
            leaf.grow(CAPACITY);
        }
    }

    /** Checks the B+tree invariants; for tests. Returns the height. */
    int checkInvariants() {
        if (root == null) {
            if (size != 0 || first != null) {
                throw new AssertionError("empty tree with size " + size);
            }
            return 0;
        }
        int[] counted = {0};
        Leaf[] previous = {null};
        int height = check(root, Long.MIN_VALUE, Long.MAX_VALUE, true, counted, previous);
        if (counted[0] != size) {
            throw new AssertionError("size " + size + " but " + counted[0] + " entries");
        }
        if (previous[0].next != null) {
            throw new AssertionError("the last leaf links onward");
        }
        return height;
    }

    /** Checks a subtree whose keys must lie in [low, high]; returns its height. */
    private int check(Node node, long low, long high, boolean isRoot, int[] counted, Leaf[] previous) {
        if (node.count > MAX || (!isRoot && node.count < 1) || (isRoot && node instanceof Inner && node.count < 2)) {
            throw new AssertionError("node with " + node.count + " entries");
        }
        if (node instanceof Leaf leaf) {
            if ((previous[0] == null ? first : previous[0].next) != leaf) {
                throw new AssertionError("leaf chain broken");
            }
            previous[0] = leaf;
            for (int i = 0; i < leaf.count; i++) {
                if (leaf.keys[i] < low || leaf.keys[i] > high || (i > 0 && leaf.keys[i - 1] >= leaf.keys[i])) {
                    throw new AssertionError("leaf keys out of order at " + i);
                }
                if (leaf.packed == null && leaf.rows[i] == null) {
                    throw new AssertionError("null row at " + i);
                }
            }
            if (leaf.width != width || (leaf.packed == null) == (width > 0)) {
                throw new AssertionError("a leaf that keeps its rows unlike the tree");
            }
            if (leaf.packed != null && leaf.packed.length != leaf.capacity() * width) {
                throw new AssertionError("packed rows of " + leaf.packed.length + " bytes for " + leaf.capacity() + " slots");
            }
            for (int i = leaf.count; leaf.packed == null && i < leaf.rows.length; i++) {
                if (leaf.rows[i] != null) {
                    throw new AssertionError("stale row reference at " + i);
                }
            }
            counted[0] += leaf.count;
            return 1;
        }
        Inner inner = (Inner) node;
        int height = -1;
        for (int i = 0; i < inner.count; i++) {
            long lo = i == 0 ? low : inner.keys[i - 1];
            long hi = i == inner.count - 1 ? high : inner.keys[i] - 1;
            if (lo > hi) {
                throw new AssertionError("separators out of order at " + i);
            }
            int h = check(inner.children[i], lo, hi, false, counted, previous);
            if (height >= 0 && h != height) {
                throw new AssertionError("unbalanced at " + i);
            }
            height = h;
        }
        for (int i = inner.count; i < CAPACITY; i++) {
            if (inner.children[i] != null) {
                throw new AssertionError("stale child reference at " + i);
            }
        }
        return height + 1;
    }
}
