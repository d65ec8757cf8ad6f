package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;

/**
 * How the first relation of a pipeline is read from a {@link TableReader}: a full scan, an index seek
 * on {@code column = value}, or an index range. The fragment's predicate is still applied to every row.
 *
 * @param index the index, or null for a full scan
 * @param seek  the value to seek, or null for a range
 */
record AccessPath(IndexSchema index, byte[] seek, byte[] lower, boolean lowerInclusive, byte[] upper,
        boolean upperInclusive) {

    static final AccessPath SCAN = new AccessPath(null, null, null, false, null, false);

    Iterable<Row> read(TableReader reader, TableSchema table) {
        if (index == null) {
            return reader.scan(table);
        }
        if (seek != null) {
            return reader.seek(table, index, seek);
        }
        return reader.range(table, index, lower, lowerInclusive, upper, upperInclusive);
    }

    String describe() {
        if (index == null) {
            return "scan";
        }
        return (seek != null ? "seek " : "range ") + index.name();
    }
}
