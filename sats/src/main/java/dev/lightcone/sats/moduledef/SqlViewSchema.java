package dev.lightcone.sats.moduledef;

/** A SQL-defined view from the {@code lightcone.views} custom section (a Lightcone extension). */
public record SqlViewSchema(String name, String sql, boolean isPublic) {
}
