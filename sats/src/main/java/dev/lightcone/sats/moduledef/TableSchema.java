package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.ProductType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A validated table.
 *
 * @param tableId        host-assigned id, stable for a given definition
 * @param name           canonical name (used by SQL, clients and system tables)
 * @param sourceName     the name the module used, kept as an alias for {@code table_id_from_name}
 * @param rowType        the row type with every reference inlined; all elements are named
 * @param columns        the columns, {@code colId} = position
 * @param primaryKey     the primary-key column, if any
 * @param indexes        the table's indexes
 * @param uniqueConstraints unique constraints (the primary key has one too)
 * @param sequences      auto-increment sequences
 * @param isPublic       whether non-owners may read it
 * @param isEvent        whether rows are published but never kept (event table)
 * @param schedule       the schedule, when this is a schedule table
 * @param defaultValues  BSATN default values by column id (for migrations that add columns)
 */
public record TableSchema(
        int tableId,
        String name,
        String sourceName,
        ProductType rowType,
        List<ColumnSchema> columns,
        OptionalInt primaryKey,
        List<IndexSchema> indexes,
        List<UniqueConstraintSchema> uniqueConstraints,
        List<SequenceSchema> sequences,
        boolean isPublic,
        boolean isEvent,
        Optional<ScheduleSchema> schedule,
        Map<Integer, byte[]> defaultValues) {

    public TableSchema {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        uniqueConstraints = List.copyOf(uniqueConstraints);
        sequences = List.copyOf(sequences);
        defaultValues = Map.copyOf(defaultValues);
    }

    /** The column with this name, if any. */
    public Optional<ColumnSchema> column(String columnName) {
        for (ColumnSchema c : columns) {
            if (c.name().equals(columnName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The index with this canonical name or alias, if any. */
    public Optional<IndexSchema> index(String indexName) {
        for (IndexSchema i : indexes) {
            if (i.name().equals(indexName) || i.sourceName().equals(indexName)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
