package dev.lightcone.sats.moduledef;

import java.util.List;

/**
 * A validated index.
 *
 * @param indexId      host-assigned id, unique within the module
 * @param name         canonical name
 * @param sourceName   the name the module used, an alias for {@code index_id_from_name}
 * @param accessorName the module's accessor for it (may equal the source name)
 * @param algorithm    btree, hash or direct
 * @param columns      the key columns in key order
 * @param unique       true if a unique constraint covers exactly these columns
 */
public record IndexSchema(
        int indexId,
        String name,
        String sourceName,
        String accessorName,
        IndexAlgorithm algorithm,
        List<Integer> columns,
        boolean unique) {

    public IndexSchema {
        columns = List.copyOf(columns);
    }
}
