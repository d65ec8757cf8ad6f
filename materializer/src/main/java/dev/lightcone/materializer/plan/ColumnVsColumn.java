package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.materializer.sql.CompareOp;

/** {@code left op right} over two columns of the same type (possibly of different relations). */
record ColumnVsColumn(ColumnAccessor left, CompareOp op, ColumnAccessor right) implements RowPredicate {

    @Override
    public boolean test(Row[] tuple) {
        byte[] a = tuple[left.relation()].bytes();
        byte[] b = tuple[right.relation()].bytes();
        return op.test(ValueOrder.compare(left.kind(), a, left.start(a), b, right.start(b)));
    }

    @Override
    public long relationMask() {
        return (1L << left.relation()) | (1L << right.relation());
    }

    @Override
    public boolean usesSender() {
        return false;
    }
}
