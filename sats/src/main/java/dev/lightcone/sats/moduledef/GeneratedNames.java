package dev.lightcone.sats.moduledef;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The names the host generates for definitions (module-abi §8.6): built from the canonical table name
 * and column names joined by {@code _} in definition order, and not case-converted.
 */
public final class GeneratedNames {
    private GeneratedNames() {
    }

    /** {@code {table}_{cols}_idx_{btree|hash|direct}}. */
    public static String index(String table, List<String> columns, IndexAlgorithm algorithm) {
        return table + "_" + join(columns) + "_idx_" + algorithm.nameSuffix();
    }

    /** {@code {table}_{cols}_key}. */
    public static String uniqueConstraint(String table, List<String> columns) {
        return table + "_" + join(columns) + "_key";
    }

    /** {@code {table}_{col}_seq}. */
    public static String sequence(String table, String column) {
        return table + "_" + column + "_seq";
    }

    /** {@code {table}_sched}. */
    public static String schedule(String table) {
        return table + "_sched";
    }

    /** The name used for a column that has none: {@code col_<n>}. */
    public static String unnamedColumn(int colId) {
        return "col_" + colId;
    }

    private static String join(List<String> columns) {
        return columns.stream().collect(Collectors.joining("_"));
    }
}
