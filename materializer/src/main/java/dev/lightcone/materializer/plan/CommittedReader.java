package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.datastore.IndexKey;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.datastore.TableIndex;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import java.util.ArrayList;
import java.util.List;

/** A {@link TableReader} over a datastore's committed tables and indexes. */
final class CommittedReader implements TableReader {
    private static final byte[] EMPTY = new byte[0];
    private final Datastore datastore;

    CommittedReader(Datastore datastore) {
        this.datastore = datastore;
    }

    @Override
    public Iterable<Row> scan(TableSchema table) {
        return datastore.table(table.tableId()).rows();
    }

    @Override
    public Iterable<Row> seek(TableSchema table, IndexSchema index, byte[] value) {
        TableIndex idx = index(table, index);
        List<Row> out = new ArrayList<>(2);
        if (idx.columns().length == 1) {
            idx.point(IndexKey.full(value, 1), out::add);
        } else {
            idx.range(IndexKey.bound(value, 1, -1), IndexKey.bound(value, 1, 1), out::add);
        }
        return out;
    }

    @Override
    public Iterable<Row> range(TableSchema table, IndexSchema index, byte[] lower, boolean lowerInclusive,
            byte[] upper, boolean upperInclusive) {
        TableIndex idx = index(table, index);
        IndexKey lo = lower == null ? IndexKey.bound(EMPTY, 0, -1) : IndexKey.bound(lower, 1, lowerInclusive ? -1 : 1);
        IndexKey hi = upper == null ? IndexKey.bound(EMPTY, 0, 1) : IndexKey.bound(upper, 1, upperInclusive ? 1 : -1);
        List<Row> out = new ArrayList<>();
        idx.range(lo, hi, out::add);
        return out;
    }

    private TableIndex index(TableSchema table, IndexSchema index) {
        Table t = datastore.table(table.tableId());
        for (TableIndex idx : t.indexes()) {
            if (idx.schema().indexId() == index.indexId()) {
                return idx;
            }
        }
        throw new IllegalStateException("table " + table.name() + " has no index " + index.name());
    }
}
