package dev.lightcone.executor.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every behaviour holds for both ways a tree keeps its rows: each in its own array, and packed side by side. */
class LongRowTreeTest {
    /** A tree that packs its 12-byte rows side by side, or one that keeps each row's own array. */
    static LongRowTree tree(boolean packed) {
        LongRowTree tree = packed ? new LongRowTree(12) : new LongRowTree();
        assertEquals(packed, tree.packsRows());
        return tree;
    }

    /** A distinct row per (key, version), so replacements are observable. */
    static Row row(long key, int version) {
        byte[] b = new byte[12];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (key >>> (8 * i));
        }
        b[8] = (byte) version;
        b[9] = (byte) (version >>> 8);
        return new Row(b);
    }

    static List<Row> rangeOf(LongRowTree tree, long lo, long hi) {
        List<Row> out = new ArrayList<>();
        tree.range(lo, hi, out::add);
        return out;
    }

    static List<Row> rangeOf(TreeMap<Long, Row> model, long lo, long hi) {
        return lo > hi ? List.of() : new ArrayList<>(model.subMap(lo, true, hi, true).values());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void emptyTree(boolean packed) {
        LongRowTree tree = tree(packed);
        assertEquals(0, tree.size());
        assertNull(tree.get(0));
        assertNull(tree.remove(0));
        assertTrue(rangeOf(tree, Long.MIN_VALUE, Long.MAX_VALUE).isEmpty());
        assertFalse(tree.values().iterator().hasNext());
        assertThrows(NoSuchElementException.class, () -> tree.values().iterator().next());
        assertEquals(0, tree.checkInvariants());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void extremeKeysSortSigned(boolean packed) {
        LongRowTree tree = tree(packed);
        long[] keys = {Long.MAX_VALUE, 0, -1, Long.MIN_VALUE, 1, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};
        for (long k : keys) {
            tree.put(k, row(k, 0));
        }
        List<Row> expected = List.of(row(Long.MIN_VALUE, 0), row(Long.MIN_VALUE + 1, 0), row(-1, 0), row(0, 0),
                row(1, 0), row(Long.MAX_VALUE - 1, 0), row(Long.MAX_VALUE, 0));
        assertEquals(expected, new ArrayList<>(tree.values()));
        assertEquals(expected, rangeOf(tree, Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(List.of(row(Long.MAX_VALUE, 0)), rangeOf(tree, Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(List.of(row(Long.MIN_VALUE, 0)), rangeOf(tree, Long.MIN_VALUE, Long.MIN_VALUE));
        assertTrue(rangeOf(tree, 2, Long.MAX_VALUE - 2).isEmpty());
        assertTrue(rangeOf(tree, 1, 0).isEmpty(), "an inverted range is empty");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void putReplacesAndConditionalRemoveChecksTheRow(boolean packed) {
        LongRowTree tree = tree(packed);
        assertFalse(tree.put(7, row(7, 0)));
        assertTrue(tree.put(7, row(7, 1)), "a second put replaces");
        assertTrue(tree.holds(7, row(7, 1)));
        assertFalse(tree.holds(7, row(7, 0)), "holds compares the row, not only the key");
        assertFalse(tree.holds(8, row(8, 1)));
        assertEquals(1, tree.size());
        assertEquals(row(7, 1), tree.get(7));
        assertNull(tree.remove(7, row(7, 0)), "a different row under the key is kept");
        assertEquals(row(7, 1), tree.get(7));
        assertEquals(row(7, 1), tree.remove(7, row(7, 1)));
        assertEquals(0, tree.size());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void ascendingInsertsPackLeavesFull(boolean packed) {
        LongRowTree tree = tree(packed);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            tree.put(i, row(i, 0));
        }
        // Full leaves hold 100,000 rows in ~1,590 leaves under ~50 half-full inner nodes: three
        // levels. Leaves split in halves would need ~3,200 leaves, ~100 inner nodes and a fourth level.
        assertEquals(3, tree.checkInvariants());
        Iterator<Row> it = tree.values().iterator();
        for (int i = 0; i < n; i++) {
            assertEquals(row(i, 0), it.next());
        }
        assertFalse(it.hasNext());
        for (int i = 0; i < n; i += 2) {
            assertEquals(row(i, 0), tree.remove(i));
        }
        tree.checkInvariants();
        assertEquals(n / 2, tree.size());
        for (int i = 1; i < n; i += 2) {
            assertEquals(row(i, 0), tree.remove(i));
        }
        assertEquals(0, tree.size());
        tree.checkInvariants();
        assertFalse(tree.values().iterator().hasNext());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void randomOperationsMatchATreeMap(boolean packed) {
        long seed = System.nanoTime();
        System.out.println("LongRowTreeTest seed " + seed);
        Random rnd = new Random(seed);
        // Dense keys make replacements and hits common; wide keys exercise the extremes; monotone
        // keys exercise the append split.
        Map<String, LongSupplier> distributions = Map.of(
                "dense", () -> rnd.nextInt(3_000) - 1_500,
                "wide", rnd::nextLong,
                "extremes", () -> rnd.nextBoolean() ? Long.MIN_VALUE + rnd.nextInt(500) : Long.MAX_VALUE - rnd.nextInt(500),
                "ascending", new LongSupplier() {
                    long next = -50;

                    @Override
                    public long getAsLong() {
                        return rnd.nextInt(4) == 0 ? next - rnd.nextInt(2_000) : next++;
                    }
                });
        for (Map.Entry<String, LongSupplier> d : distributions.entrySet()) {
            try {
                exercise(rnd, d.getValue(), packed);
            } catch (AssertionError e) {
                throw new AssertionError("distribution " + d.getKey() + ", seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void exercise(Random rnd, LongSupplier keys, boolean packed) {
        LongRowTree tree = tree(packed);
        TreeMap<Long, Row> model = new TreeMap<>();
        int ops = 60_000;
        for (int op = 0; op < ops; op++) {
            // Grow for the first half, then shrink, so both splits and merges run at every level.
            int growth = op < ops / 2 ? 60 : 35;
            int r = rnd.nextInt(100);
            long k = keys.getAsLong();
            if (r < growth) {
                Row row = row(k, rnd.nextInt(1000));
                Row before = model.put(k, row);
                assertEquals(before != null, tree.put(k, row), "put " + k);
                assertTrue(tree.holds(k, row), "holds " + k);
            } else if (r < 95) {
                if (rnd.nextBoolean() && !model.isEmpty()) {
                    k = model.ceilingKey(k) != null ? model.ceilingKey(k) : model.lastKey();
                }
                assertEquals(model.remove(k), tree.remove(k), "remove " + k);
            } else {
                assertEquals(model.get(k), tree.get(k), "get " + k);
            }
            assertEquals(model.size(), tree.size());
            if (op % 5_000 == 0 || op == ops - 1) {
                tree.checkInvariants();
                assertEquals(new ArrayList<>(model.values()), new ArrayList<>(tree.values()));
                for (int i = 0; i < 20; i++) {
                    long a = keys.getAsLong();
                    long b = rnd.nextBoolean() ? keys.getAsLong() : a + rnd.nextInt(200);
                    assertEquals(rangeOf(model, a, b), rangeOf(tree, a, b), "range " + a + ".." + b);
                }
            }
        }
        while (!model.isEmpty()) {
            long k = model.firstKey();
            // The tree keeps bytes, not the Row objects: the row it gives back is equal, not the same object.
            assertEquals(model.remove(k), tree.remove(k));
        }
        assertEquals(0, tree.size());
        tree.checkInvariants();
    }

    /**
     * Every key in a dense run, inserted and removed in random order: removals underflow inner
     * nodes, and because neighbouring keys all exist, a separator that moves by even one routes
     * some key to the wrong child, which the invariant check sees.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void denseKeysGrowAndShrinkInRandomOrder(boolean packed) {
        long seed = System.nanoTime();
        System.out.println("LongRowTreeTest dense seed " + seed);
        Random rnd = new Random(seed);
        int n = 40_000;
        List<Long> keys = new ArrayList<>();
        for (long k = 0; k < n; k++) {
            keys.add(k);
        }
        java.util.Collections.shuffle(keys, rnd);
        LongRowTree tree = tree(packed);
        for (long k : keys) {
            tree.put(k, row(k, 0));
        }
        assertEquals(3, tree.checkInvariants(), "seed " + seed);
        java.util.Collections.shuffle(keys, rnd);
        for (int i = 0; i < n; i++) {
            long k = keys.get(i);
            assertEquals(row(k, 0), tree.remove(k), "seed " + seed);
            if (i % 500 == 0) {
                try {
                    tree.checkInvariants();
                } catch (AssertionError e) {
                    throw new AssertionError("seed " + seed + " after " + i + " removals: " + e.getMessage(), e);
                }
            }
        }
        assertEquals(0, tree.size());
    }

    /** The interpolating search answers like a binary search for any keys and any bounds, even bounds that lie. */
    @Test
    void searchAnswersLikeABinarySearchWhateverTheBounds() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 20_000; round++) {
            int count = rnd.nextInt(65);
            long base = switch (rnd.nextInt(4)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE - 200;
                default -> rnd.nextInt(1000) - 500;
            };
            java.util.TreeSet<Long> set = new java.util.TreeSet<>();
            int spread = 1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 100);
            while (set.size() < count) {
                set.add(rnd.nextInt(4) == 0 ? rnd.nextLong() : base + (long) rnd.nextInt(count * spread + 1));
            }
            long[] keys = new long[64];
            int n = 0;
            for (long k : set) {
                keys[n++] = k;
            }
            long low = rnd.nextInt(3) == 0 ? Long.MIN_VALUE : (n > 0 && rnd.nextBoolean() ? keys[0] : rnd.nextLong());
            long high = rnd.nextInt(3) == 0 ? Long.MAX_VALUE : (n > 0 && rnd.nextBoolean() ? keys[n - 1] + 1 : rnd.nextLong());
            for (int probe = 0; probe < 8; probe++) {
                long key = n > 0 && rnd.nextBoolean() ? keys[rnd.nextInt(n)] + rnd.nextInt(3) - 1 : rnd.nextLong();
                assertEquals(java.util.Arrays.binarySearch(keys, 0, n, key), LongRowTree.search(keys, n, key, low, high),
                        "seed " + seed + " keys " + java.util.Arrays.toString(java.util.Arrays.copyOf(keys, n)) + " key " + key
                                + " bounds " + low + ", " + high);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void clearEmptiesAndTheTreeIsReusable(boolean packed) {
        LongRowTree tree = tree(packed);
        for (int i = 0; i < 1000; i++) {
            tree.put(i * 7L, row(i, 0));
        }
        tree.clear();
        assertEquals(0, tree.size());
        assertNull(tree.get(7));
        assertEquals(0, tree.checkInvariants());
        tree.put(5, row(5, 0));
        assertEquals(List.of(row(5, 0)), new ArrayList<>(tree.values()));
    }

    /** A packed tree hands out copies: a row it gave keeps its bytes after the entry is overwritten or removed. */
    @Test
    void rowsHandedOutByAPackedTreeDoNotChangeWithIt() {
        LongRowTree tree = tree(true);
        for (int i = 0; i < 200; i++) {
            tree.put(i, row(i, 0));
        }
        Row got = tree.get(100);
        Row scanned = new ArrayList<>(tree.values()).get(100);
        List<Row> ranged = rangeOf(tree, 100, 100);
        tree.put(100, row(100, 9));
        tree.remove(99);
        tree.put(1_000, row(1_000, 0));
        assertEquals(row(100, 0), got);
        assertEquals(row(100, 0), scanned);
        assertEquals(List.of(row(100, 0)), ranged);
        assertEquals(row(100, 9), tree.get(100));
    }

    /** A detached copy keeps the rows as they were, in key order, while the tree goes on changing. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void detachedValuesDoNotFollowTheTree(boolean packed) {
        LongRowTree tree = tree(packed);
        List<Row> expected = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            tree.put(i * 3L, row(i * 3L, 1));
            expected.add(row(i * 3L, 1));
        }
        List<Row> detached = tree.detachedValues();
        for (int i = 0; i < 1_000; i += 2) {
            tree.put(i * 3L, row(i * 3L, 2));
            tree.remove(i * 3L + 3);
            tree.put(i * 3L + 1, row(i * 3L + 1, 1));
        }
        assertEquals(expected, detached);
        assertEquals(expected, new ArrayList<>(detached));
        assertThrows(IndexOutOfBoundsException.class, () -> detached.get(1_000));
        assertThrows(UnsupportedOperationException.class, () -> detached.add(row(0, 0)));
    }

    @Test
    void aPackedTreeRefusesARowOfAnotherSize() {
        LongRowTree tree = tree(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tree.put(1, new Row(new byte[13])));
        assertTrue(e.getMessage().contains("13 bytes"), e.getMessage());
        assertEquals(0, tree.size());
    }

    @Test
    void onlyRowsOfOneSmallSizeArePacked() {
        assertFalse(new LongRowTree(-1).packsRows(), "rows of varying size");
        assertFalse(new LongRowTree(0).packsRows(), "empty rows");
        assertTrue(new LongRowTree(LongRowTree.MAX_PACKED_WIDTH).packsRows());
        assertFalse(new LongRowTree(LongRowTree.MAX_PACKED_WIDTH + 1).packsRows());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void valuesAreReadOnly(boolean packed) {
        LongRowTree tree = tree(packed);
        tree.put(1, row(1, 0));
        assertThrows(UnsupportedOperationException.class, () -> tree.values().add(row(2, 0)));
        assertThrows(UnsupportedOperationException.class, () -> tree.values().clear());
        Iterator<Row> it = tree.values().iterator();
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
        assertEquals(1, tree.size());
    }
}
