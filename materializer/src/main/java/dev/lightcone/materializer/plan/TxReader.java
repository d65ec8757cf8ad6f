package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;

/** A {@link TableReader} over what an open transaction sees. */
final class TxReader implements TableReader {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] UNBOUNDED = {2};
    private final MutTx tx;

    TxReader(MutTx tx) {
        this.tx = tx;
    }

    @Override
    public Iterable<Row> scan(TableSchema table) {
        return tx.scan(table.tableId());
    }

    @Override
    public Iterable<Row> seek(TableSchema table, IndexSchema index, byte[] value) {
        if (index.columns().size() == 1) {
            return tx.indexPoint(index.indexId(), value);
        }
        byte[] b = bound(value, true);
        return tx.indexRange(index.indexId(), EMPTY, 0, b, b);
    }

    @Override
    public Iterable<Row> range(TableSchema table, IndexSchema index, byte[] lower, boolean lowerInclusive,
            byte[] upper, boolean upperInclusive) {
        return tx.indexRange(index.indexId(), EMPTY, 0, bound(lower, lowerInclusive), bound(upper, upperInclusive));
    }

    /** The BSATN of a {@code Bound}: 0 included, 1 excluded (each followed by the value), 2 unbounded. */
    private static byte[] bound(byte[] value, boolean inclusive) {
        if (value == null) {
            return UNBOUNDED;
        }
        byte[] b = new byte[value.length + 1];
        b[0] = (byte) (inclusive ? 0 : 1);
        System.arraycopy(value, 0, b, 1, value.length);
        return b;
    }
}
