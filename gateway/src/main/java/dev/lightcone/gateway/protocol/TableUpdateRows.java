package dev.lightcone.gateway.protocol;

import java.util.Objects;

/** The changes of one table in one query set: persistent-table inserts and deletes, or event-table events. */
public sealed interface TableUpdateRows {

    /** Tag 0: rows inserted into and deleted from a persistent table (inserts come first on the wire). */
    record PersistentTable(BsatnRowList inserts, BsatnRowList deletes) implements TableUpdateRows {
        /** Checks for nulls. */
        public PersistentTable {
            Objects.requireNonNull(inserts, "inserts");
            Objects.requireNonNull(deletes, "deletes");
        }
    }

    /** Tag 1: rows of an event table; clients only fire {@code onInsert} and never cache them. */
    record EventTable(BsatnRowList events) implements TableUpdateRows {
        /** Checks for nulls. */
        public EventTable {
            Objects.requireNonNull(events, "events");
        }
    }
}
