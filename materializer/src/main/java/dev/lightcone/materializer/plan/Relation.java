package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.RowLayout;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;

/**
 * One relation of a fragment: a table under an alias, with the layout used to find its columns.
 *
 * @param alias  the name the query (or RLS rule) gave it
 * @param table  the table
 * @param layout where each column lies in a row's bytes
 */
record Relation(String alias, TableSchema table, RowLayout layout) {

    static Relation of(String alias, TableSchema table) {
        return new Relation(alias, table, new RowLayout(table.rowType()));
    }

    /** An index whose key is exactly {@code column}, preferring one that answers ranges; or null. */
    IndexSchema singleColumnIndex(int column) {
        IndexSchema found = null;
        for (IndexSchema i : table.indexes()) {
            if (i.columns().size() == 1 && i.columns().get(0) == column) {
                if (found == null || i.algorithm() != dev.lightcone.sats.moduledef.IndexAlgorithm.HASH) {
                    found = i;
                }
            }
        }
        return found;
    }

    /**
     * An index usable to seek {@code column = v} (any index whose first column it is, hash indexes only
     * when single-column) or, with {@code ordered}, to scan a range; or null.
     */
    IndexSchema indexLeadingWith(int column, boolean ordered) {
        IndexSchema best = null;
        for (IndexSchema i : table.indexes()) {
            if (i.columns().get(0) != column) {
                continue;
            }
            boolean hash = i.algorithm() == dev.lightcone.sats.moduledef.IndexAlgorithm.HASH;
            if (hash && (ordered || i.columns().size() != 1)) {
                continue;
            }
            if (best == null || i.columns().size() < best.columns().size()) {
                best = i;
            }
        }
        return best;
    }
}
