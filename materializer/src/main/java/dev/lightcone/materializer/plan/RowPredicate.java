package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;

/** A compiled boolean condition over a tuple of rows (one per relation of a fragment). */
sealed interface RowPredicate permits ColumnVsValue, ColumnVsColumn, AllOf, AnyOf, ConstantPredicate {

    /** Whether the tuple satisfies the condition; only the relations of {@link #relationMask()} are read. */
    boolean test(Row[] tuple);

    /** The relations this condition reads, one bit per relation position. */
    long relationMask();

    /** True if it reads {@code :sender} (bound at compile time). */
    boolean usesSender();

    /** The union of the parts' relation masks. */
    static long maskOf(java.util.List<RowPredicate> parts) {
        long m = 0;
        for (RowPredicate p : parts) {
            m |= p.relationMask();
        }
        return m;
    }

    /** True if any part reads {@code :sender}. */
    static boolean anyUsesSender(java.util.List<RowPredicate> parts) {
        for (RowPredicate p : parts) {
            if (p.usesSender()) {
                return true;
            }
        }
        return false;
    }
}
