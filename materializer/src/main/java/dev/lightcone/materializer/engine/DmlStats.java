package dev.lightcone.materializer.engine;

/** The {@code stats} of a SQL response: rows a DML statement inserted, deleted and updated. */
public record DmlStats(long rowsInserted, long rowsDeleted, long rowsUpdated) {
    /** A SELECT's stats. */
    public static final DmlStats NONE = new DmlStats(0, 0, 0);
}
