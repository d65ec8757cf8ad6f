package dev.lightcone.executor.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.ColumnSchema;
import dev.lightcone.sats.moduledef.IndexAlgorithm;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.UniqueConstraintSchema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Unique ordered indexes over one integer or bool column (held in a {@link LongRowTree}), seen
 * through {@link MutTx}. Each test table also has a non-unique btree index over the same column,
 * which keeps the general {@link KeyComparator} order, so the two must always answer alike.
 */
class LongKeyIndexTest {
    static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
    static final List<PrimitiveType> KEY_TYPES = List.of(PrimitiveType.BOOL, PrimitiveType.U8, PrimitiveType.I8,
            PrimitiveType.U16, PrimitiveType.I16, PrimitiveType.U32, PrimitiveType.I32, PrimitiveType.U64,
            PrimitiveType.I64);

    /** A table (key, tag) or, with {@code keyAfterString}, (tag, key), so the key's offset varies by row. */
    record KeyTable(int id, PrimitiveType type, boolean keyAfterString) {
        int keyColumn() {
            return keyAfterString ? 1 : 0;
        }

        int uniqueIndex() {
            return id;
        }

        int plainIndex() {
            return id + 1;
        }

        TableSchema schema(IndexAlgorithm uniqueAlgorithm) {
            ProductType rowType = keyAfterString ? ProductType.of("tag", PrimitiveType.STRING, "key", type)
                    : ProductType.of("key", type, "tag", PrimitiveType.STRING);
            List<ColumnSchema> cols = List.of(new ColumnSchema(0, rowType.elements().get(0).name().orElseThrow(), rowType.typeAt(0)),
                    new ColumnSchema(1, rowType.elements().get(1).name().orElseThrow(), rowType.typeAt(1)));
            String name = "t_" + type.name().toLowerCase() + (keyAfterString ? "_late" : "");
            List<Integer> key = List.of(keyColumn());
            return new TableSchema(id, name, name, rowType, cols, OptionalInt.of(keyColumn()),
                    List.of(new IndexSchema(uniqueIndex(), name + "_key_unique", name + "_key_unique", "key", uniqueAlgorithm, key, true),
                            new IndexSchema(plainIndex(), name + "_key_plain", name + "_key_plain", "key_plain", IndexAlgorithm.BTREE, key, false)),
                    List.of(new UniqueConstraintSchema(name + "_key_key", key)), List.of(), true, false, Optional.empty(), Map.of());
        }

        byte[] key(BigInteger v) {
            return new BsatnWriter().writeBig(v, type.fixedSize()).toByteArray();
        }

        byte[] row(BigInteger v, String tag) {
            BsatnWriter w = new BsatnWriter();
            if (keyAfterString) {
                w.writeString(tag).writeBig(v, type.fixedSize());
            } else {
                w.writeBig(v, type.fixedSize()).writeString(tag);
            }
            return w.toByteArray();
        }

        BigInteger min() {
            return type == PrimitiveType.BOOL || !type.signed() ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(8 * type.fixedSize() - 1).negate();
        }

        BigInteger max() {
            if (type == PrimitiveType.BOOL) {
                return BigInteger.ONE;
            }
            int bits = 8 * type.fixedSize() - (type.signed() ? 1 : 0);
            return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        }
    }

    static byte[] included(byte[] v) {
        return new BsatnWriter().writeU8(0).writeRaw(v).toByteArray();
    }

    static byte[] excluded(byte[] v) {
        return new BsatnWriter().writeU8(1).writeRaw(v).toByteArray();
    }

    static final byte[] UNBOUNDED = {2};
    static final byte[] NONE = new byte[0];

    /** The key of each row, as the test wrote it (the tag is the decimal key). */
    static List<String> tags(List<Row> rows, KeyTable t) {
        return rows.stream().map(r -> tagOf(r, t)).toList();
    }

    static String tagOf(Row r, KeyTable t) {
        byte[] b = r.bytes();
        int at = t.keyAfterString() ? 0 : t.type().fixedSize();
        int len = (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        return new String(b, at + 4, len, java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<String> strings(BigInteger... values) {
        return java.util.Arrays.stream(values).map(BigInteger::toString).toList();
    }

    @Test
    void u64KeysAroundTwoToThe63SortUnsigned() {
        for (IndexAlgorithm algorithm : List.of(IndexAlgorithm.BTREE, IndexAlgorithm.DIRECT)) {
            KeyTable t = new KeyTable(4096, PrimitiveType.U64, false);
            Datastore ds = new Datastore(List.of(t.schema(algorithm)));
            BigInteger max = t.max();
            BigInteger below = TWO_63.subtract(BigInteger.ONE);
            BigInteger above = TWO_63.add(BigInteger.ONE);
            MutTx tx = ds.begin();
            for (BigInteger v : List.of(max, TWO_63, BigInteger.ZERO, above, below, BigInteger.ONE)) {
                tx.insert(t.id(), t.row(v, v.toString()));
            }
            tx.commit();
            assertEquals(strings(BigInteger.ZERO, BigInteger.ONE, below, TWO_63, above, max),
                    tags(new ArrayList<>(ds.table(t.id()).rows()), t), "the table's rows are in unsigned key order");

            MutTx read = ds.begin();
            int idx = t.uniqueIndex();
            assertEquals(strings(TWO_63), tags(read.indexPoint(idx, t.key(TWO_63)), t));
            assertTrue(read.indexPoint(idx, t.key(TWO_63.add(BigInteger.TWO))).isEmpty());
            assertEquals(strings(below, TWO_63),
                    tags(read.indexRange(idx, NONE, 0, included(t.key(below)), excluded(t.key(above))), t));
            assertEquals(strings(TWO_63, above, max),
                    tags(read.indexRange(idx, NONE, 0, excluded(t.key(below)), UNBOUNDED), t));
            assertEquals(strings(BigInteger.ZERO, BigInteger.ONE, below),
                    tags(read.indexRange(idx, NONE, 0, UNBOUNDED, excluded(t.key(TWO_63))), t));
            assertTrue(read.indexRange(idx, NONE, 0, excluded(t.key(max)), UNBOUNDED).isEmpty());
            assertTrue(read.indexRange(idx, NONE, 0, UNBOUNDED, excluded(t.key(BigInteger.ZERO))).isEmpty());
            assertTrue(read.indexRange(idx, NONE, 0, included(t.key(above)), included(t.key(TWO_63))).isEmpty());
            assertThrows(UniqueConstraintViolationException.class, () -> read.insert(t.id(), t.row(TWO_63, "again")));
            read.rollback();

            MutTx tx2 = ds.begin();
            assertTrue(tx2.delete(t.id(), new Row(t.row(TWO_63, TWO_63.toString()))));
            tx2.insert(t.id(), t.row(TWO_63.add(BigInteger.TEN), "x"));
            tx2.update(t.id(), idx, t.row(max, "new max"));
            assertEquals(List.of(below.toString(), above.toString(), "x", "new max"),
                    tags(tx2.indexRange(idx, NONE, 0, included(t.key(below)), UNBOUNDED), t),
                    "pending inserts merge into the committed run in key order");
            tx2.commit();
            assertEquals(List.of("0", "1", below.toString(), above.toString(), "x", "new max"),
                    tags(new ArrayList<>(ds.table(t.id()).rows()), t));
        }
    }

    @Test
    void negativeI32KeysSortBeforePositiveOnes() {
        KeyTable t = new KeyTable(4096, PrimitiveType.I32, false);
        Datastore ds = new Datastore(List.of(t.schema(IndexAlgorithm.BTREE)));
        BigInteger min = t.min();
        BigInteger max = t.max();
        List<BigInteger> values = List.of(BigInteger.valueOf(7), BigInteger.valueOf(-1), max, BigInteger.ZERO,
                BigInteger.valueOf(-5), min);
        MutTx tx = ds.begin();
        for (BigInteger v : values) {
            tx.insert(t.id(), t.row(v, v.toString()));
        }
        tx.commit();
        BigInteger minus5 = BigInteger.valueOf(-5);
        BigInteger minus1 = BigInteger.valueOf(-1);
        assertEquals(strings(min, minus5, minus1, BigInteger.ZERO, BigInteger.valueOf(7), max),
                tags(new ArrayList<>(ds.table(t.id()).rows()), t));
        MutTx read = ds.begin();
        int idx = t.uniqueIndex();
        assertEquals(strings(minus5, minus1, BigInteger.ZERO),
                tags(read.indexRange(idx, NONE, 0, included(t.key(minus5)), included(t.key(BigInteger.ZERO))), t));
        assertEquals(strings(min, minus5),
                tags(read.indexRange(idx, NONE, 0, UNBOUNDED, excluded(t.key(minus1))), t));
        assertEquals(strings(minus1, BigInteger.ZERO, BigInteger.valueOf(7), max),
                tags(read.indexRange(idx, NONE, 0, excluded(t.key(minus5)), UNBOUNDED), t));
        assertTrue(read.indexRange(idx, NONE, 0, UNBOUNDED, excluded(t.key(min))).isEmpty());
        assertEquals(strings(min), tags(read.indexPoint(idx, t.key(min)), t));
        assertEquals(strings(minus1), tags(read.indexPoint(idx, t.key(minus1)), t));
        read.rollback();
    }

    /** Every key type, at a fixed and at a row-dependent offset, against the general btree order. */
    @Test
    void everyKeyTypeAnswersLikeTheGeneralOrder() {
        long seed = System.nanoTime();
        System.out.println("LongKeyIndexTest seed " + seed);
        Random rnd = new Random(seed);
        List<KeyTable> tables = new ArrayList<>();
        int id = 4096;
        for (PrimitiveType type : KEY_TYPES) {
            for (boolean late : List.of(false, true)) {
                tables.add(new KeyTable(id, type, late));
                id += 2;
            }
        }
        Datastore ds = new Datastore(tables.stream().map(t -> t.schema(IndexAlgorithm.BTREE)).toList());
        for (KeyTable t : tables) {
            Set<BigInteger> values = new LinkedHashSet<>(List.of(t.min(), t.max(), BigInteger.ZERO, BigInteger.ONE));
            values.add(t.min().add(BigInteger.ONE));
            values.add(t.max().subtract(BigInteger.ONE));
            if (t.type().signed()) {
                values.add(BigInteger.valueOf(-1));
            }
            BigInteger span = t.max().subtract(t.min()).add(BigInteger.ONE);
            for (int i = 0; i < 16; i++) {
                values.add(new BigInteger(8 * t.type().fixedSize() + 8, rnd).mod(span).add(t.min()));
            }
            List<BigInteger> shuffled = new ArrayList<>(values);
            java.util.Collections.shuffle(shuffled, rnd);
            String context = t + ", seed " + seed;

            // Half committed, half pending in a transaction that also deletes some committed rows.
            MutTx tx = ds.begin();
            for (BigInteger v : shuffled.subList(0, shuffled.size() / 2)) {
                tx.insert(t.id(), t.row(v, v.toString()));
            }
            tx.commit();
            MutTx pending = ds.begin();
            for (BigInteger v : shuffled.subList(shuffled.size() / 2, shuffled.size())) {
                pending.insert(t.id(), t.row(v, v.toString()));
            }
            for (BigInteger v : shuffled.subList(0, 2)) {
                assertTrue(pending.delete(t.id(), new Row(t.row(v, v.toString()))), context);
            }
            compareIndexes(pending, t, values, context + ", pending");
            pending.commit();

            MutTx committed = ds.begin();
            compareIndexes(committed, t, values, context + ", committed");
            List<String> inOrder = tags(committed.indexRange(t.plainIndex(), NONE, 0, UNBOUNDED, UNBOUNDED), t);
            assertEquals(inOrder, tags(new ArrayList<>(ds.table(t.id()).rows()), t), context);
            assertEquals(values.stream().sorted().filter(v -> !shuffled.subList(0, 2).contains(v))
                    .map(BigInteger::toString).collect(Collectors.toList()), inOrder, context);
            committed.rollback();
        }
    }

    private static void compareIndexes(MutTx tx, KeyTable t, Set<BigInteger> values, String context) {
        List<byte[]> bounds = new ArrayList<>();
        bounds.add(UNBOUNDED);
        for (BigInteger v : values) {
            assertEquals(tags(tx.indexPoint(t.plainIndex(), t.key(v)), t), tags(tx.indexPoint(t.uniqueIndex(), t.key(v)), t),
                    context + ", point " + v);
            bounds.add(included(t.key(v)));
            bounds.add(excluded(t.key(v)));
        }
        for (byte[] lower : bounds) {
            for (byte[] upper : bounds) {
                assertEquals(tags(tx.indexRange(t.plainIndex(), NONE, 0, lower, upper), t),
                        tags(tx.indexRange(t.uniqueIndex(), NONE, 0, lower, upper), t),
                        () -> context + ", range " + java.util.HexFormat.of().formatHex(lower) + " .. "
                                + java.util.HexFormat.of().formatHex(upper));
            }
        }
    }
}
