package dev.lightcone.materializer.plan;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.view.ViewResult;
import dev.lightcone.executor.view.ViewTables;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads committed state for a one-off query, computing the function views the caller has no
 * materialized instance of (nobody subscribed, or the instance was dropped with its last connection)
 * by calling them on the spot. Nothing it computes is kept: only subscriptions materialize views.
 * Writer-thread only, like the state it reads.
 */
final class UnmaterializedViewReader implements TableReader {
    private final TableReader committed;
    private final ModuleHost host;
    private final Identity caller;
    private final Map<Integer, List<Row>> computed = new HashMap<>();

    UnmaterializedViewReader(TableReader committed, ModuleHost host, Identity caller) {
        this.committed = committed;
        this.host = host;
        this.caller = caller;
    }

    /** Rows of a view table computed for this query, or null when the committed instance is to be read. */
    private List<Row> computedRows(TableSchema table) {
        if (!ViewTables.isViewTable(table.tableId())) {
            return null;
        }
        return computed.computeIfAbsent(table.tableId(), id -> {
            int position = id - ViewTables.FIRST_VIEW_TABLE_ID;
            ViewSchema view = host.schema().views().get(position);
            Identity key = view.isAnonymous() ? Identity.ZERO : caller;
            if (materialized(position, key)) {
                return null;
            }
            ViewResult result = host.evaluateView(view, key, Timestamp.ofInstant(java.time.Instant.now()));
            if (!(result instanceof ViewResult.Rows rows)) {
                return List.of();
            }
            byte[] prefix = key.toLittleEndian();
            List<Row> out = new ArrayList<>(rows.rows().size());
            for (byte[] r : rows.rows()) {
                byte[] full = Arrays.copyOf(prefix, prefix.length + r.length);
                System.arraycopy(r, 0, full, prefix.length, r.length);
                out.add(new Row(full));
            }
            return out;
        });
    }

    private boolean materialized(int position, Identity key) {
        byte[] k = key.toLittleEndian();
        for (Row r : host.datastore().table(SystemTables.ST_VIEW_SUB_ID).rows()) {
            byte[] b = r.bytes();
            int viewId = SystemTables.viewIdOf(b);
            if (viewId == position && Arrays.equals(b, 4, 4 + k.length, k, 0, k.length)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Iterable<Row> scan(TableSchema table) {
        List<Row> rows = computedRows(table);
        return rows != null ? rows : committed.scan(table);
    }

    /** Every index of a view table starts with the hidden sender column, which all computed rows share. */
    @Override
    public Iterable<Row> seek(TableSchema table, IndexSchema index, byte[] value) {
        List<Row> rows = computedRows(table);
        if (rows == null) {
            return committed.seek(table, index, value);
        }
        return rows.isEmpty() || !Arrays.equals(rows.get(0).bytes(), 0, ViewTables.SENDER_BYTES, value, 0,
                value.length) ? List.of() : rows;
    }

    @Override
    public Iterable<Row> range(TableSchema table, IndexSchema index, byte[] lower, boolean lowerInclusive,
            byte[] upper, boolean upperInclusive) {
        List<Row> rows = computedRows(table);
        if (rows == null) {
            return committed.range(table, index, lower, lowerInclusive, upper, upperInclusive);
        }
        if (rows.isEmpty()) {
            return rows;
        }
        BigInteger key = u256(Arrays.copyOf(rows.get(0).bytes(), ViewTables.SENDER_BYTES));
        if (lower != null) {
            int c = key.compareTo(u256(lower));
            if (c < 0 || (c == 0 && !lowerInclusive)) {
                return List.of();
            }
        }
        if (upper != null) {
            int c = key.compareTo(u256(upper));
            if (c > 0 || (c == 0 && !upperInclusive)) {
                return List.of();
            }
        }
        return rows;
    }

    private static BigInteger u256(byte[] littleEndian) {
        byte[] be = new byte[littleEndian.length + 1];
        for (int i = 0; i < littleEndian.length; i++) {
            be[be.length - 1 - i] = littleEndian[i];
        }
        return new BigInteger(be);
    }
}
