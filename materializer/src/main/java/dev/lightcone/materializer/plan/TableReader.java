package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;

/**
 * Read access to one consistent state of the tables. Plans never write; the caller chooses the state:
 * {@link #committed(Datastore)} between transactions (subscriptions, the SQL route) or {@link #of(MutTx)}
 * inside a transaction (DML). Implementations need not be thread-safe.
 */
public interface TableReader {

    /** Every row of the table. */
    Iterable<Row> scan(TableSchema table);

    /** The rows whose first key column of {@code index} equals {@code value} (BSATN of that column). */
    Iterable<Row> seek(TableSchema table, IndexSchema index, byte[] value);

    /**
     * The rows whose first key column of the ordered {@code index} lies between two bounds; a null
     * bound is unbounded.
     */
    Iterable<Row> range(TableSchema table, IndexSchema index, byte[] lower, boolean lowerInclusive, byte[] upper,
            boolean upperInclusive);

    /** Reads the committed state of {@code datastore}. */
    static TableReader committed(Datastore datastore) {
        return new CommittedReader(datastore);
    }

    /**
     * Reads the committed state of {@code host} for a one-off query by {@code caller}: function views the
     * caller has no materialized instance of are computed on the spot.
     */
    static TableReader forQuery(dev.lightcone.executor.ModuleHost host, dev.lightcone.sats.Identity caller) {
        return new UnmaterializedViewReader(committed(host.datastore()), host, caller);
    }

    /** Reads what {@code tx} sees: committed rows it has not deleted plus its own inserts. */
    static TableReader of(MutTx tx) {
        return new TxReader(tx);
    }
}
