package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.materializer.sql.CompareOp;

/**
 * {@code column op constant}; the constant is BSATN of the column's type.
 *
 * @param fromSender whether the constant is {@code :sender}
 */
record ColumnVsValue(ColumnAccessor column, CompareOp op, byte[] value, boolean fromSender) implements RowPredicate {

    @Override
    public boolean test(Row[] tuple) {
        byte[] row = tuple[column.relation()].bytes();
        return op.test(ValueOrder.compare(column.kind(), row, column.start(row), value, 0));
    }

    @Override
    public long relationMask() {
        return 1L << column.relation();
    }

    @Override
    public boolean usesSender() {
        return fromSender;
    }
}
