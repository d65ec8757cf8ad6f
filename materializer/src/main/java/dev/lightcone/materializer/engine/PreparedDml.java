package dev.lightcone.materializer.engine;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.RowLayout;
import dev.lightcone.materializer.plan.RowFilter;
import dev.lightcone.materializer.plan.TableReader;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * An INSERT, UPDATE or DELETE by the owner. It runs inside a transaction the caller opened, which
 * checks constraints and fills auto-increment columns; on any exception the caller rolls back.
 */
public final class PreparedDml implements PreparedStatement {
    /** What the statement does. */
    enum Kind { INSERT, UPDATE, DELETE }

    private final String sql;
    private final Kind kind;
    private final TableSchema table;
    private final List<byte[]> rows;
    private final RowFilter filter;
    /** For UPDATE: the new BSATN value per column, null where the column keeps its value. */
    private final byte[][] assignments;

    private PreparedDml(String sql, Kind kind, TableSchema table, List<byte[]> rows, RowFilter filter,
            byte[][] assignments) {
        this.sql = sql;
        this.kind = kind;
        this.table = table;
        this.rows = rows;
        this.filter = filter;
        this.assignments = assignments;
    }

    static PreparedDml insert(String sql, TableSchema table, List<byte[]> rows) {
        return new PreparedDml(sql, Kind.INSERT, table, List.copyOf(rows), null, null);
    }

    static PreparedDml update(String sql, TableSchema table, RowFilter filter, byte[][] assignments) {
        return new PreparedDml(sql, Kind.UPDATE, table, List.of(), filter, assignments.clone());
    }

    static PreparedDml delete(String sql, TableSchema table, RowFilter filter) {
        return new PreparedDml(sql, Kind.DELETE, table, List.of(), filter, null);
    }

    @Override
    public String sql() {
        return sql;
    }

    /** The table the statement changes. */
    public TableSchema table() {
        return table;
    }

    /**
     * Applies the statement to {@code tx}.
     *
     * @throws dev.lightcone.executor.datastore.DatastoreException on a constraint violation
     */
    public DmlStats execute(MutTx tx) {
        int id = table.tableId();
        switch (kind) {
            case INSERT -> {
                long n = 0;
                for (byte[] row : rows) {
                    if (tx.insert(id, row).inserted()) {
                        n++;
                    }
                }
                return new DmlStats(n, 0, 0);
            }
            case DELETE -> {
                long n = 0;
                for (Row row : filter.matching(TableReader.of(tx))) {
                    if (tx.delete(id, row)) {
                        n++;
                    }
                }
                return new DmlStats(0, n, 0);
            }
            default -> {
                List<Row> old = filter.matching(TableReader.of(tx));
                RowLayout layout = new RowLayout(table.rowType());
                List<byte[]> updated = new ArrayList<>(old.size());
                for (Row r : old) {
                    updated.add(rewrite(layout, r.bytes()));
                }
                for (Row r : old) {
                    tx.delete(id, r);
                }
                for (byte[] row : updated) {
                    tx.insert(id, row);
                }
                return new DmlStats(0, 0, old.size());
            }
        }
    }

    private byte[] rewrite(RowLayout layout, byte[] row) {
        ProductType type = table.rowType();
        BsatnWriter w = new BsatnWriter(row.length + 16);
        int n = type.size();
        for (int c = 0; c < n; c++) {
            if (assignments[c] != null) {
                w.writeRaw(assignments[c]);
            } else {
                int start = layout.columnStart(row, c);
                int end = c + 1 < n ? layout.columnStart(row, c + 1) : row.length;
                w.writeRaw(row, start, end - start);
            }
        }
        return w.toByteArray();
    }
}
