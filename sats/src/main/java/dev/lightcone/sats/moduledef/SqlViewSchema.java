package dev.lightcone.sats.moduledef;

/**
 * A SQL-defined view from the {@code lightcone.views} custom section (a Lightcone extension).
 *
 * @param name     the view's name; clients subscribe to it like a table
 * @param sql      the {@code SELECT} that defines it, over source table names
 * @param isPublic whether clients other than the owner may read it
 * @param rowType  the name of the module type (in the Types section) of its rows
 */
public record SqlViewSchema(String name, String sql, boolean isPublic, String rowType) {
}
