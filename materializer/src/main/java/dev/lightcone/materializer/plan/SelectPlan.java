package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A compiled SELECT of the SQL route: its result schema and how to produce rows of it as BSATN.
 * Event tables read as empty. Immutable.
 */
public final class SelectPlan {
    private final ProductType schema;
    private final List<Fragment> fragments;
    private final int returned;
    private final List<ColumnAccessor> columns;
    private final boolean count;
    private final long limit;
    private final RowShape shape;

    SelectPlan(ProductType schema, List<Fragment> fragments, int returned, List<ColumnAccessor> columns,
            boolean count, OptionalLong limit, RowShape shape) {
        this.shape = shape;
        this.schema = schema;
        this.fragments = List.copyOf(fragments);
        this.returned = returned;
        this.columns = List.copyOf(columns);
        this.count = count;
        this.limit = limit.orElse(Long.MAX_VALUE);
    }

    /** The result's row type, with column names (the SQL route's {@code schema}). */
    public ProductType schema() {
        return schema;
    }

    /** Evaluates against {@code state}; each row is the BSATN of a {@link #schema()} value. */
    public List<byte[]> rows(TableReader state) {
        List<byte[]> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        if (count) {
            long[] n = {0};
            for (Fragment f : fragments) {
                if (!f.readsEventTable()) {
                    f.evaluate(state, t -> {
                        n[0]++;
                        return true;
                    });
                }
            }
            out.add(new BsatnWriter(8).writeU64(n[0]).toByteArray());
            return out;
        }
        BsatnWriter w = new BsatnWriter(64);
        for (Fragment f : fragments) {
            if (f.readsEventTable()) {
                continue;
            }
            f.evaluate(state, t -> {
                out.add(project(t, w));
                return out.size() < limit;
            });
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    private byte[] project(Row[] tuple, BsatnWriter w) {
        if (returned >= 0) {
            byte[] row = tuple[returned].bytes();
            return shape == null ? row : shape.apply(row);
        }
        w.reset();
        for (ColumnAccessor c : columns) {
            byte[] row = tuple[c.relation()].bytes();
            int start = c.start(row);
            int end = c.kind() != null ? start + ValueOrder.size(c.kind(), row, start) : end(c, row, start);
            w.writeRaw(row, start, end - start);
        }
        return w.toByteArray();
    }

    /** The end of a column of a non-comparable type: the next column's start, or the row's end. */
    private static int end(ColumnAccessor c, byte[] row, int start) {
        return c.column() + 1 < c.layout().columnCount() ? c.layout().columnStart(row, c.column() + 1) : row.length;
    }

    /** One line per fragment describing the access paths, for tests and diagnostics. */
    public List<String> describe() {
        return fragments.stream().map(Fragment::describe).toList();
    }
}
