package dev.lightcone.materializer.sql;

import java.util.Locale;
import java.util.Set;

/** The reserved words: unquoted identifiers that can never name a table, column or alias. */
final class Keywords {
    private static final Set<String> RESERVED = Set.of(
            "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER",
            "CROSS", "NATURAL", "ON", "USING", "AS", "LIMIT", "OFFSET", "ORDER", "GROUP", "BY", "HAVING",
            "DISTINCT", "UNION", "EXCEPT", "INTERSECT", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE",
            "TRUE", "FALSE", "NULL", "WITH", "SHOW", "IS", "IN", "LIKE", "BETWEEN", "CASE");

    private Keywords() {
    }

    static boolean isReserved(String word) {
        return RESERVED.contains(word.toUpperCase(Locale.ROOT));
    }
}
