package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;

/** {@code true} or {@code false}. */
record ConstantPredicate(boolean value) implements RowPredicate {
    @Override
    public boolean test(Row[] tuple) {
        return value;
    }

    @Override
    public long relationMask() {
        return 0;
    }

    @Override
    public boolean usesSender() {
        return false;
    }
}
