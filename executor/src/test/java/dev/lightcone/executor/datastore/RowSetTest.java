package dev.lightcone.executor.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowSetTest {
    private static Row row(int value) {
        return new Row(new byte[] {(byte) value, (byte) (value >>> 8), 7});
    }

    /** Random adds and removes over a few dozen rows cross the move from the array to the hash set both ways. */
    @Test
    void behavesLikeAnInsertionOrderedSet() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 500; round++) {
            RowSet set = new RowSet();
            LinkedHashSet<Row> model = new LinkedHashSet<>();
            int values = 1 + rnd.nextInt(rnd.nextBoolean() ? RowSet.SMALL : 4 * RowSet.SMALL);
            for (int op = 0; op < 60; op++) {
                Row r = row(rnd.nextInt(values));
                // A distinct but equal row: the set compares bytes, not identity.
                Row same = new Row(r.bytes().clone());
                switch (rnd.nextInt(3)) {
                    case 0, 1 -> assertEquals(model.add(r), set.add(same), "seed " + seed);
                    default -> assertEquals(model.remove(r), set.remove(same), "seed " + seed);
                }
                assertEquals(model.size(), set.size(), "seed " + seed);
                assertEquals(model.isEmpty(), set.isEmpty());
                assertEquals(model.contains(r), set.contains(same));
                assertEquals(new ArrayList<>(model), set.toList(), "order, seed " + seed);
                List<Row> added = new ArrayList<>();
                set.addTo(added);
                assertEquals(new ArrayList<>(model), added);
            }
        }
    }

    @Test
    void listsAreUnmodifiableSnapshots() {
        RowSet set = new RowSet();
        for (int n = 0; n <= RowSet.SMALL + 1; n++) {
            List<Row> before = set.toList();
            set.add(row(n));
            assertEquals(n, before.size(), "a list taken earlier does not follow the set");
            assertTrue(set.contains(row(n)));
            assertFalse(set.contains(row(n + 1)));
            assertThrows(UnsupportedOperationException.class, () -> before.add(row(0)), "the list is read-only");
        }
    }
}
