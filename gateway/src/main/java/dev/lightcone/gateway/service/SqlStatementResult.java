package dev.lightcone.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The result of one SQL statement, as the SQL route returns it.
 *
 * @param schema              SATS-JSON of the result's row {@code ProductType} ({@code {"elements":[…]}})
 * @param rows                each row as an untyped SATS-JSON array (empty for DML)
 * @param totalDurationMicros time spent on the statement
 * @param stats               rows changed by DML (zeros for queries)
 */
public record SqlStatementResult(JsonNode schema, List<JsonNode> rows, long totalDurationMicros, SqlStats stats) {
    /** Copies the rows. */
    public SqlStatementResult {
        Objects.requireNonNull(schema, "schema");
        rows = List.copyOf(rows);
        Objects.requireNonNull(stats, "stats");
    }

    /** Rows inserted, deleted and updated by a DML statement. */
    public record SqlStats(long rowsInserted, long rowsDeleted, long rowsUpdated) {
        /** No rows changed. */
        public static final SqlStats NONE = new SqlStats(0, 0, 0);
    }
}
