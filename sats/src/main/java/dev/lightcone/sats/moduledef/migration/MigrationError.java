package dev.lightcone.sats.moduledef.migration;

/**
 * A reason an automatic migration is refused, with upstream's text ({@code AutoMigrateError}).
 *
 * @param kind    what kind of change needs a manual migration
 * @param message the text a publisher sees, as SpacetimeDB words it
 */
public record MigrationError(Kind kind, String message) {

    /** The kinds of refused change, named as upstream's {@code AutoMigrateError} variants. */
    public enum Kind {
        ADD_COLUMN,
        REMOVE_COLUMN,
        REORDER_TABLE,
        CHANGE_COLUMN_TYPE,
        CHANGE_UNIQUE_CONSTRAINT,
        CHANGE_TABLE_EVENT_FLAG,
        CHANGE_INDEX_ACCESSOR
    }

    static MigrationError addColumn(String table, String column) {
        return new MigrationError(Kind.ADD_COLUMN,
                "Adding a column " + column + " to table " + table + " requires a default value annotation");
    }

    static MigrationError removeColumn(String table, String column) {
        return new MigrationError(Kind.REMOVE_COLUMN,
                "Removing a column " + column + " from table " + table + " requires a manual migration");
    }

    static MigrationError reorderTable(String table) {
        return new MigrationError(Kind.REORDER_TABLE, "Reordering table " + table + " requires a manual migration");
    }

    static MigrationError changeUniqueConstraint(String constraint) {
        return new MigrationError(Kind.CHANGE_UNIQUE_CONSTRAINT,
                "Changing a unique constraint " + constraint + " requires a manual migration");
    }

    static MigrationError changeEventFlag(String table) {
        return new MigrationError(Kind.CHANGE_TABLE_EVENT_FLAG,
                "Changing the event flag of table " + table + " requires a manual migration");
    }

    static MigrationError changeIndexAccessor(String index, String oldAccessor, String newAccessor) {
        return new MigrationError(Kind.CHANGE_INDEX_ACCESSOR, "Changing the accessor name on index " + index
                + " from " + debugOption(oldAccessor) + " to " + debugOption(newAccessor) + " requires a manual migration");
    }

    /**
     * A column type change upstream refuses; {@code within} when the offending type is nested inside the
     * column's type, {@code detail} the text after the types (e.g. {@code ", with fewer variants, requires a manual migration"}).
     */
    static MigrationError changeColumnType(boolean within, String table, String column, String oldType,
            String newType, String detail) {
        String what = within ? "Changing a type within column " : "Changing the type of column ";
        return new MigrationError(Kind.CHANGE_COLUMN_TYPE, what + column + " in table " + table + " from " + oldType
                + " to " + newType + detail);
    }

    /** Rust's {@code Debug} of {@code Option<Identifier>}: {@code Some("x")} or {@code None}. */
    private static String debugOption(String s) {
        return s == null ? "None" : "Some(\"" + s + "\")";
    }
}
