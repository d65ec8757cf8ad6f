package dev.lightcone.materializer.sql;

/** One parsed SQL statement. */
public sealed interface Statement permits Select, SelectAllTables, Insert, Update, Delete {

    /** True for INSERT, UPDATE and DELETE (owner only). */
    default boolean isDml() {
        return !(this instanceof Select || this instanceof SelectAllTables);
    }
}
