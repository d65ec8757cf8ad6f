package dev.lightcone.sats.moduledef.migration;

import dev.lightcone.sats.moduledef.ColumnSchema;
import java.util.List;

/**
 * One step of an automatic migration. Steps sort by {@link #rank()} (every removal before any addition,
 * as upstream orders them, so a re-created index is dropped before it is added) and then by {@link #sortKey()}.
 */
public sealed interface MigrationStep {

    /** The step's place in upstream's step order. */
    int rank();

    /** Orders steps of the same kind (by name). */
    String sortKey();

    /** True for the step that makes a plan client-breaking. */
    default boolean disconnectsClients() {
        return false;
    }

    /** Drops an index of a kept table. */
    record RemoveIndex(String table, String index) implements MigrationStep {
        public int rank() { return 0; }
        public String sortKey() { return index; }
    }

    /** Drops a unique constraint of a kept table (also: removing a primary key). */
    record RemoveConstraint(String table, String constraint) implements MigrationStep {
        public int rank() { return 1; }
        public String sortKey() { return constraint; }
    }

    /** Drops an auto-increment sequence of a kept table. */
    record RemoveSequence(String table, String sequence) implements MigrationStep {
        public int rank() { return 2; }
        public String sortKey() { return sequence; }
    }

    /** The table stops being a schedule table; its pending firings are dropped. */
    record RemoveSchedule(String table, String schedule) implements MigrationStep {
        public int rank() { return 3; }
        public String sortKey() { return schedule; }
    }

    /** Drops a view (function or SQL view). */
    record RemoveView(String view) implements MigrationStep {
        public int rank() { return 4; }
        public String sortKey() { return view; }
    }

    /** Drops a row-level security filter. */
    record RemoveRowLevelSecurity(String sql) implements MigrationStep {
        public int rank() { return 5; }
        public String sortKey() { return sql; }
    }

    /** Drops a table; applying it fails if the table holds rows. */
    record RemoveTable(String table) implements MigrationStep {
        public int rank() { return 6; }
        public String sortKey() { return table; }
    }

    /** Changes column types in a layout-compatible way (e.g. enum variants added at the end); rows stay. */
    record ChangeColumns(String table) implements MigrationStep {
        public int rank() { return 7; }
        public String sortKey() { return table; }
    }

    /** Changes the columns of an event table, which holds no rows. */
    record ReschemaEventTable(String table) implements MigrationStep {
        public int rank() { return 8; }
        public String sortKey() { return table; }
    }

    /** Appends columns with default values; every existing row gets the defaults. */
    record AddColumns(String table, List<ColumnSchema> columns) implements MigrationStep {
        public AddColumns {
            columns = List.copyOf(columns);
        }
        public int rank() { return 9; }
        public String sortKey() { return table; }
    }

    /** Changes the source-name alias of an index. */
    record ChangeIndexSourceName(String table, String index) implements MigrationStep {
        public int rank() { return 10; }
        public String sortKey() { return index; }
    }

    /** Changes the source-name alias (accessor) of a table. */
    record ChangeTableAccessorName(String table) implements MigrationStep {
        public int rank() { return 11; }
        public String sortKey() { return table; }
    }

    /** Creates a table with its indexes, constraints and sequences. */
    record AddTable(String table) implements MigrationStep {
        public int rank() { return 13; }
        public String sortKey() { return table; }
    }

    /** Creates an index on a kept table. */
    record AddIndex(String table, String index) implements MigrationStep {
        public int rank() { return 14; }
        public String sortKey() { return index; }
    }

    /** Adds a unique constraint to a kept table; applying it fails if current rows have duplicates. */
    record AddConstraint(String table, String constraint) implements MigrationStep {
        public int rank() { return 15; }
        public String sortKey() { return constraint; }
    }

    /** Adds an auto-increment sequence to a kept table (after the range precheck). */
    record AddSequence(String table, String sequence) implements MigrationStep {
        public int rank() { return 16; }
        public String sortKey() { return sequence; }
    }

    /** The table becomes a schedule table; its rows are armed. */
    record AddSchedule(String table, String schedule) implements MigrationStep {
        public int rank() { return 17; }
        public String sortKey() { return schedule; }
    }

    /** Creates a view. */
    record AddView(String view) implements MigrationStep {
        public int rank() { return 18; }
        public String sortKey() { return view; }
    }

    /** Adds a row-level security filter. */
    record AddRowLevelSecurity(String sql) implements MigrationStep {
        public int rank() { return 19; }
        public String sortKey() { return sql; }
    }

    /** Changes a table's or view's access (public/private). */
    record ChangeAccess(String table) implements MigrationStep {
        public int rank() { return 20; }
        public String sortKey() { return table; }
    }

    /** Changes (usually removes) a table's primary key. */
    record ChangePrimaryKey(String table) implements MigrationStep {
        public int rank() { return 21; }
        public String sortKey() { return table; }
    }

    /** A view's body may have changed: it is recomputed after the update. */
    record UpdateView(String view) implements MigrationStep {
        public int rank() { return 22; }
        public String sortKey() { return view; }
    }

    /** Every connected client is disconnected after the update (the plan breaks clients). */
    record DisconnectAllUsers() implements MigrationStep {
        public int rank() { return 23; }
        public String sortKey() { return ""; }
        @Override
        public boolean disconnectsClients() { return true; }
    }
}
