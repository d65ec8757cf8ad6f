package dev.lightcone.materializer.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class SharedEncodingsTest {
    /**
     * The gateway encodes a client's tables by reference and, inside that, looks the encoding up by value: the
     * nesting must work for any keys (one map for both once threw "Recursive update" when two keys met in a bin).
     */
    @Test
    void aValueMadeByReferenceMayAskForASharedValueWhileBeingMade() {
        SharedEncodings memo = new SharedEncodings();
        for (int i = 0; i < 1_000; i++) {
            List<Integer> tables = List.of(i);
            int key = i;
            String made = memo.sharedByReference(tables,
                    () -> memo.shared("tables-" + key, () -> memo.computeIfAbsent(key, () -> "encoded-" + key)));
            assertEquals("encoded-" + i, made);
            assertSame(made, memo.sharedByReference(tables, () -> "made again"), "found by reference the second time");
            assertSame(made, memo.shared("tables-" + i, () -> "made again"), "found by value");
        }
    }
}
