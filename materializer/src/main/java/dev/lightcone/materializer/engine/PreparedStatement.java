package dev.lightcone.materializer.engine;

/** A parsed, authorized and type-checked statement, ready to run. Immutable. */
public sealed interface PreparedStatement permits PreparedQuery, PreparedDml {

    /** The SQL text. */
    String sql();
}
