package dev.lightcone.cli;

import java.util.List;

/** A psql-style text table: a header row, a rule, the rows, left-aligned, columns separated by {@code |}. */
public final class TextTable {
    private TextTable() {
    }

    /** The table of {@code rows} under {@code headers}, each line ending in a newline. */
    public static String render(List<String> headers, List<List<String>> rows) {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        for (int c = 0; c < width.length; c++) {
            sb.append(c == 0 ? "" : "+").append("-".repeat(width[c] + 2));
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String cell = cells.get(c);
            l.append(c == 0 ? " " : " | ").append(cell).append(" ".repeat(width[c] - cell.length()));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** {@code (1 row)} / {@code (N rows)}. */
    public static String count(int n) {
        return "(" + n + (n == 1 ? " row)" : " rows)");
    }
}
