package dev.lightcone.executor.datastore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.ColumnSchema;
import dev.lightcone.sats.moduledef.IndexAlgorithm;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.SequenceSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.UniqueConstraintSchema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatastoreTest {
    /** person(id u64 pk auto_inc, email string unique, age u32 btree, name string); index (age, name). */
    static final ProductType PERSON = ProductType.of("id", PrimitiveType.U64, "email", PrimitiveType.STRING,
            "age", PrimitiveType.U32, "name", PrimitiveType.STRING);
    static final int T = 4096;
    static final int PK = 4096;
    static final int EMAIL = 4097;
    static final int AGE = 4098;
    static final int AGE_NAME = 4099;
    static final int HASH_NAME = 4100;
    static final int EV = 4097;

    Datastore ds;

    static TableSchema personSchema(int id, String name, boolean event) {
        List<ColumnSchema> cols = new ArrayList<>();
        for (int i = 0; i < PERSON.size(); i++) {
            cols.add(new ColumnSchema(i, PERSON.elements().get(i).name().orElseThrow(), PERSON.typeAt(i)));
        }
        int base = event ? 5000 : 4096;
        return new TableSchema(id, name, name, PERSON, cols, OptionalInt.of(0),
                List.of(new IndexSchema(base, name + "_id_idx_btree", name + "_id_idx_btree", "id", IndexAlgorithm.BTREE, List.of(0), true),
                        new IndexSchema(base + 1, name + "_email_idx_btree", name + "_email_idx_btree", "email", IndexAlgorithm.BTREE, List.of(1), true),
                        new IndexSchema(base + 2, name + "_age_idx_btree", name + "_age_idx_btree", "age", IndexAlgorithm.BTREE, List.of(2), false),
                        new IndexSchema(base + 3, name + "_age_name_idx_btree", name + "_age_name_idx_btree", "age_name", IndexAlgorithm.BTREE, List.of(2, 3), false),
                        new IndexSchema(base + 4, name + "_name_idx_hash", name + "_name_idx_hash", "name", IndexAlgorithm.HASH, List.of(3), false)),
                List.of(new UniqueConstraintSchema(name + "_id_key", List.of(0)),
                        new UniqueConstraintSchema(name + "_email_key", List.of(1))),
                List.of(new SequenceSchema(name + "_id_seq", 0, BigInteger.ONE, BigInteger.ONE,
                        new BigInteger("18446744073709551615"), BigInteger.ONE)),
                true, event, Optional.empty(), Map.of());
    }

    static byte[] person(long id, String email, int age, String name) {
        return Bsatn.encode(PERSON, AlgebraicValue.product(AlgebraicValue.integer(id), AlgebraicValue.string(email),
                AlgebraicValue.integer(age), AlgebraicValue.string(name)));
    }

    static byte[] u32(int v) {
        return new BsatnWriter().writeU32(v).toByteArray();
    }

    static byte[] str(String s) {
        return new BsatnWriter().writeString(s).toByteArray();
    }

    static byte[] included(byte[] v) {
        return new BsatnWriter().writeU8(0).writeRaw(v).toByteArray();
    }

    static byte[] excluded(byte[] v) {
        return new BsatnWriter().writeU8(1).writeRaw(v).toByteArray();
    }

    static final byte[] UNBOUNDED = {2};

    static long idOf(Row r) {
        return ((AlgebraicValue.Int) ((AlgebraicValue.Product) Bsatn.decode(PERSON, r.bytes())).field(0)).value();
    }

    static List<Long> ids(List<Row> rows) {
        return rows.stream().map(DatastoreTest::idOf).toList();
    }

    @BeforeEach
    void setUp() {
        ds = new Datastore(List.of(personSchema(T, "person", false), personSchema(EV, "person_event", true)));
    }

    private void seed() {
        MutTx tx = ds.begin();
        tx.insert(T, person(10, "a@x", 30, "Ann"));
        tx.insert(T, person(20, "b@x", 25, "Bob"));
        tx.insert(T, person(30, "c@x", 30, "Cid"));
        tx.insert(T, person(40, "d@x", 41, "Dee"));
        tx.commit();
    }

    @Test
    void autoIncFillsZeroAndWritesBackGeneratedColumns() {
        MutTx tx = ds.begin();
        InsertResult r1 = tx.insert(T, person(0, "a", 1, "A"));
        InsertResult r2 = tx.insert(T, person(0, "b", 1, "B"));
        InsertResult r3 = tx.insert(T, person(0, "c", 1, "C"));
        assertEquals(List.of(1L, 2L, 3L), List.of(idOf(r1.row()), idOf(r2.row()), idOf(r3.row())));
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0, 0, 0}, r2.generated());
        InsertResult explicit = tx.insert(T, person(100, "d", 1, "D"));
        assertEquals(0, explicit.generated().length, "explicit values are stored as given");
        assertEquals(4L, idOf(tx.insert(T, person(0, "e", 1, "E")).row()), "explicit values don't advance the sequence");
        tx.commit();
    }

    @Test
    void sequenceValuesAreNotReusedAfterRollback() {
        MutTx tx = ds.begin();
        tx.insert(T, person(0, "a", 1, "A"));
        tx.rollback();
        MutTx tx2 = ds.begin();
        assertEquals(2L, idOf(tx2.insert(T, person(0, "b", 1, "B")).row()));
        tx2.commit();
    }

    @Test
    void identicalInsertIsANoOpEvenWithUniqueColumns() {
        seed();
        MutTx tx = ds.begin();
        InsertResult r = tx.insert(T, person(10, "a@x", 30, "Ann"));
        assertFalse(r.inserted());
        assertTrue(tx.changes().isEmpty());
        assertEquals(4, tx.rowCount(T));
        tx.commit();
    }

    @Test
    void uniqueViolationNamesConstraintAndLeavesDataUnchanged() {
        seed();
        MutTx tx = ds.begin();
        UniqueConstraintViolationException e = assertThrows(UniqueConstraintViolationException.class,
                () -> tx.insert(T, person(10, "zzz", 1, "Z")));
        assertEquals("Unique constraint violation 'person_id_key' in table 'person': column(s): 'id' value: Int[value=10]",
                e.getMessage());
        assertThrows(UniqueConstraintViolationException.class, () -> tx.insert(T, person(99, "b@x", 1, "Z")));
        assertEquals(4, tx.rowCount(T));
        assertTrue(tx.changes().isEmpty());
        tx.rollback();
    }

    @Test
    void deletedUniqueValueCanBeReusedInTheSameTransaction() {
        seed();
        MutTx tx = ds.begin();
        assertTrue(tx.delete(T, new Row(person(10, "a@x", 30, "Ann"))));
        tx.insert(T, person(11, "a@x", 31, "Ann2"));
        List<TableChanges> changes = tx.commit();
        assertEquals(1, changes.size());
        assertEquals(List.of(11L), ids(changes.get(0).inserts()));
        assertEquals(List.of(10L), ids(changes.get(0).deletes()));
    }

    @Test
    void deleteThenReinsertIdenticalRowCancelsOut() {
        seed();
        MutTx tx = ds.begin();
        Row ann = new Row(person(10, "a@x", 30, "Ann"));
        assertTrue(tx.delete(T, ann));
        assertFalse(tx.contains(T, ann));
        tx.insert(T, ann.bytes());
        assertTrue(tx.contains(T, ann));
        assertTrue(tx.commit().isEmpty());
        assertEquals(List.of(10L, 20L, 30L, 40L), ids(new ArrayList<>(ds.table(T).rows())), "order is kept");
    }

    @Test
    void undeletingARowWhoseKeyWasTakenInTheTransactionIsAViolation() {
        seed();
        MutTx tx = ds.begin();
        Row ann = new Row(person(10, "a@x", 30, "Ann"));
        assertTrue(tx.delete(T, ann));
        tx.insert(T, person(10, "other@x", 31, "Other"));
        assertThrows(UniqueConstraintViolationException.class, () -> tx.insert(T, ann.bytes()));
        List<TableChanges> changes = tx.commit();
        assertEquals(List.of(10L), ids(changes.get(0).deletes()));
        assertEquals(List.of(10L), ids(changes.get(0).inserts()));
        assertEquals(4, ds.table(T).size());
    }

    @Test
    void updateByPrimaryKeyReplacesTheRow() {
        seed();
        MutTx tx = ds.begin();
        tx.update(T, PK, person(20, "b@x", 26, "Bobby"));
        assertEquals(List.of(20L), ids(tx.indexPoint(AGE, u32(26))));
        assertTrue(tx.indexPoint(AGE, u32(25)).isEmpty());
        List<TableChanges> changes = tx.commit();
        assertEquals(List.of(20L), ids(changes.get(0).deletes()));
        assertEquals(List.of(20L), ids(changes.get(0).inserts()));
    }

    @Test
    void updateErrors() {
        seed();
        MutTx tx = ds.begin();
        assertThrows(NoSuchRowException.class, () -> tx.update(T, PK, person(77, "q", 1, "Q")));
        assertThrows(IndexNotUniqueException.class, () -> tx.update(T, AGE, person(10, "a@x", 30, "Ann")));
        // Updating to another row's unique email fails and leaves the old row in place.
        assertThrows(UniqueConstraintViolationException.class, () -> tx.update(T, PK, person(10, "b@x", 30, "Ann")));
        assertTrue(tx.contains(T, new Row(person(10, "a@x", 30, "Ann"))));
        assertTrue(tx.changes().isEmpty());
        // An identical update changes nothing.
        assertFalse(tx.update(T, PK, person(10, "a@x", 30, "Ann")).inserted());
        assertTrue(tx.changes().isEmpty());
        tx.rollback();
    }

    @Test
    void rangeScansWithEveryBoundKind() {
        seed();
        MutTx tx = ds.begin();
        tx.insert(T, person(50, "e@x", 35, "Eve"));
        assertEquals(List.of(20L, 10L, 30L, 50L, 40L), ids(tx.indexRange(AGE, new byte[0], 0, UNBOUNDED, UNBOUNDED)));
        assertEquals(List.of(10L, 30L, 50L), ids(tx.indexRange(AGE, new byte[0], 0, included(u32(30)), included(u32(35)))));
        assertEquals(List.of(50L), ids(tx.indexRange(AGE, new byte[0], 0, excluded(u32(30)), excluded(u32(41)))));
        assertEquals(List.of(20L), ids(tx.indexRange(AGE, new byte[0], 0, UNBOUNDED, excluded(u32(30)))));
        assertEquals(List.of(40L), ids(tx.indexRange(AGE, new byte[0], 0, excluded(u32(35)), UNBOUNDED)));
        assertTrue(tx.indexRange(AGE, new byte[0], 0, included(u32(40)), included(u32(30))).isEmpty());
        // Multi-column: age = 30 AND name >= "B".
        assertEquals(List.of(30L), ids(tx.indexRange(AGE_NAME, u32(30), 1, included(str("B")), UNBOUNDED)));
        assertEquals(List.of(10L, 30L), ids(tx.indexRange(AGE_NAME, u32(30), 1, UNBOUNDED, UNBOUNDED)));
        // Point lookups on a multi-column btree and on a hash index.
        byte[] key = new BsatnWriter().writeU32(30).writeString("Cid").toByteArray();
        assertEquals(List.of(30L), ids(tx.indexPoint(AGE_NAME, key)));
        assertEquals(List.of(50L), ids(tx.indexPoint(HASH_NAME, str("Eve"))));
        assertThrows(WrongIndexAlgorithmException.class,
                () -> tx.indexRange(HASH_NAME, new byte[0], 0, UNBOUNDED, UNBOUNDED));
        assertThrows(BsatnDecodeException.class, () -> tx.indexRange(AGE, new byte[0], 0, new byte[] {7}, UNBOUNDED));
        assertThrows(BsatnDecodeException.class, () -> tx.indexPoint(AGE, new byte[] {1, 2}));
        tx.rollback();
    }

    @Test
    void deletesByIndexAndByValue() {
        seed();
        MutTx tx = ds.begin();
        assertEquals(2, tx.deleteByIndexPoint(AGE, u32(30)));
        assertEquals(1, tx.deleteByIndexRange(AGE, new byte[0], 0, included(u32(41)), UNBOUNDED));
        BsatnWriter rel = new BsatnWriter().writeU32(2).writeRaw(person(20, "b@x", 25, "Bob")).writeRaw(person(99, "n", 1, "N"));
        assertEquals(1, tx.deleteAllByEq(T, rel.toByteArray()));
        assertEquals(0, tx.rowCount(T));
        assertFalse(tx.delete(T, new Row(person(20, "b@x", 25, "Bob"))), "deleting something absent is a no-op");
        tx.commit();
        assertEquals(0, ds.table(T).size());
    }

    @Test
    void clearCountsAndRollbackRestores() {
        seed();
        MutTx tx = ds.begin();
        tx.insert(T, person(0, "new", 1, "N"));
        assertEquals(5, tx.clear(T));
        assertEquals(0, tx.rowCount(T));
        tx.rollback();
        assertEquals(4, ds.table(T).size());
        assertEquals(List.of(10L, 20L, 30L, 40L), ids(new ArrayList<>(ds.table(T).rows())));
    }

    @Test
    void eventTableRowsArePublishedButNeverKept() {
        MutTx tx = ds.begin();
        tx.insert(EV, person(1, "x", 1, "X"));
        assertEquals(1, tx.rowCount(EV));
        List<TableChanges> changes = tx.commit();
        assertTrue(changes.get(0).isEvent());
        assertEquals(1, changes.get(0).inserts().size());
        assertEquals(0, ds.table(EV).size());
        MutTx tx2 = ds.begin();
        tx2.insert(EV, person(1, "x", 1, "X"));
        tx2.commit();
    }

    @Test
    void badRowsAreRejectedWithoutSideEffects() {
        MutTx tx = ds.begin();
        assertThrows(BsatnDecodeException.class, () -> tx.insert(T, new byte[] {1, 2, 3}));
        assertEquals(0, tx.rowCount(T));
        tx.rollback();
    }

    /**
     * Recovery replays recorded changes with {@link Datastore#replay}, which turns an update of a row kept in
     * the primary-key tree into one replacement (as a commit does), and can take the deleted rows as slices of
     * the recorded bytes (made into rows only when the table needs them). Random transactions (updates that move
     * unique emails between rows, inserts, deletes, rows updated twice) replayed either way leave every index
     * exactly as removing and inserting the rows one at a time does and as the transactions themselves did, down
     * to the order of rows sharing a non-unique key.
     */
    @Test
    void replayingRecordedChangesGivesTheSameStateAsApplyingThemRowByRow() {
        replayMatchesRowByRow(personSchema(T, "person", false));
    }

    /** The same with the primary key as the only index: the slices' fast path, where deleted rows are never made. */
    @Test
    void replayingUpdatesOfAKeyOnlyTableGivesTheSameStateAsApplyingThemRowByRow() {
        TableSchema full = personSchema(T, "person", false);
        replayMatchesRowByRow(new TableSchema(full.tableId(), full.name(), full.sourceName(), full.rowType(),
                full.columns(), full.primaryKey(), List.of(full.indexes().get(0)),
                List.of(full.uniqueConstraints().get(0)), full.sequences(), full.isPublic(), full.isEvent(),
                full.schedule(), Map.of()));
    }

    private void replayMatchesRowByRow(TableSchema schema) {
        long seed = System.nanoTime();
        java.util.Random rnd = new java.util.Random(seed);
        Datastore rowByRow = new Datastore(List.of(schema));
        Datastore replayed = new Datastore(List.of(schema));
        Datastore sliced = new Datastore(List.of(schema));
        ds = new Datastore(List.of(schema));
        Row[] deletes = new Row[4];
        Row[] inserts = new Row[4];
        for (int round = 0; round < 400; round++) {
            MutTx tx = ds.begin();
            int ops = 1 + rnd.nextInt(5);
            for (int op = 0; op < ops; op++) {
                long id = 1 + rnd.nextInt(40);
                String email = "e" + rnd.nextInt(60) + "@x";
                byte[] row = person(id, email, 20 + rnd.nextInt(5), "n" + rnd.nextInt(3));
                try {
                    switch (rnd.nextInt(4)) {
                        case 0 -> tx.insert(T, row);
                        case 1 -> tx.deleteByIndexPoint(PK, new BsatnWriter().writeU64(id).toByteArray());
                        default -> tx.update(T, PK, row);
                    }
                } catch (DatastoreException expected) {
                    // a duplicate email or a missing row: the operation changes nothing
                }
            }
            List<TableChanges> changes = tx.commit();
            for (TableChanges tc : changes) {
                Table t = rowByRow.table(tc.tableId());
                tc.deletes().forEach(t::remove);
                tc.inserts().forEach(t::insert);
                deletes = tc.deletes().toArray(deletes);
                inserts = tc.inserts().toArray(inserts);
                replayed.replay(tc.tableId(), deletes, tc.deletes().size(), inserts, tc.inserts().size());
                // The deleted rows as a recorded effect holds them: one after another, after a few other bytes.
                BsatnWriter record = new BsatnWriter().writeU32(0xFEED);
                int[] at = new int[tc.deletes().size()];
                int[] length = new int[at.length];
                for (int i = 0; i < at.length; i++) {
                    at[i] = record.size();
                    length[i] = tc.deletes().get(i).size();
                    record.writeRaw(tc.deletes().get(i).bytes());
                }
                sliced.replay(tc.tableId(), record.toByteArray(), at, length, at.length, inserts, tc.inserts().size());
            }
            String where = "seed " + seed + ", round " + round;
            for (TableIndex idx : ds.table(T).indexes()) {
                List<Row> expected = new ArrayList<>();
                rowByRow.indexById(idx.schema().indexId()).all(expected::add);
                for (Datastore other : List.of(ds, replayed, sliced)) {
                    List<Row> actual = new ArrayList<>();
                    other.indexById(idx.schema().indexId()).all(actual::add);
                    assertEquals(expected, actual, where + ", index " + idx.schema().name());
                }
            }
            for (Datastore other : List.of(ds, replayed, sliced)) {
                assertEquals(new ArrayList<>(rowByRow.table(T).rows()), new ArrayList<>(other.table(T).rows()), where);
            }
        }
    }
}
