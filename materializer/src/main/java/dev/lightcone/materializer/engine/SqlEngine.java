package dev.lightcone.materializer.engine;

import dev.lightcone.materializer.plan.SqlCaller;
import dev.lightcone.materializer.plan.Catalog;
import dev.lightcone.materializer.plan.Literals;
import dev.lightcone.materializer.plan.QueryCompiler;
import dev.lightcone.materializer.plan.SqlAuthorizationException;
import dev.lightcone.materializer.plan.SqlTypeException;
import dev.lightcone.materializer.plan.UnresolvedNameException;
import dev.lightcone.materializer.sql.Assignment;
import dev.lightcone.materializer.sql.Delete;
import dev.lightcone.materializer.sql.Expr;
import dev.lightcone.materializer.sql.Insert;
import dev.lightcone.materializer.sql.Select;
import dev.lightcone.materializer.sql.SelectAllTables;
import dev.lightcone.materializer.sql.SqlParseException;
import dev.lightcone.materializer.sql.SqlParser;
import dev.lightcone.materializer.sql.Statement;
import dev.lightcone.materializer.sql.Update;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.ColumnSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prepares SQL-route statements (semantics.md §10): one statement per request; SELECT with
 * projections, {@code COUNT(*) AS n}, inner equi-joins and LIMIT for everyone (private tables and
 * RLS as for subscriptions); INSERT/UPDATE/DELETE for the owner only. Thread-safe.
 */
public final class SqlEngine {
    private final QueryCompiler compiler;

    public SqlEngine(Catalog catalog) {
        this.compiler = new QueryCompiler(catalog);
    }

    public SqlEngine(QueryCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * Parses, authorizes and type-checks one statement.
     *
     * @throws dev.lightcone.materializer.sql.SqlException with the text of the HTTP 400 response
     */
    public PreparedStatement prepare(String sql, SqlCaller caller) {
        Statement st = SqlParser.parse(sql);
        if (st instanceof Select s) {
            return new PreparedQuery(sql, compiler.compileSelect(s, caller));
        }
        if (st instanceof SelectAllTables) {
            throw new SqlParseException("Unsupported: SELECT * FROM * outside subscriptions");
        }
        if (!caller.isOwner()) {
            throw SqlAuthorizationException.dml(caller.identity());
        }
        if (st instanceof Insert ins) {
            TableSchema t = dmlTable(ins.table());
            return PreparedDml.insert(sql, t, insertRows(ins, t, caller));
        }
        if (st instanceof Update up) {
            TableSchema t = dmlTable(up.table());
            byte[][] values = new byte[t.columns().size()][];
            for (Assignment a : up.assignments()) {
                ColumnSchema c = t.column(a.column()).orElseThrow(() -> UnresolvedNameException.field(t.name(), a.column()));
                values[c.colId()] = Literals.coerce(a.value(), c.type(), caller.identity());
            }
            return PreparedDml.update(sql, t, compiler.compileFilter(t, up.where(), caller), values);
        }
        Delete del = (Delete) st;
        TableSchema t = dmlTable(del.table());
        return PreparedDml.delete(sql, t, compiler.compileFilter(t, del.where(), caller));
    }

    private TableSchema dmlTable(String name) {
        if (compiler.catalog().isView(name)) {
            throw SqlAuthorizationException.viewDml(name);
        }
        return compiler.catalog().table(name).orElseThrow(() -> UnresolvedNameException.table(name));
    }

    private static List<byte[]> insertRows(Insert ins, TableSchema t, SqlCaller caller) {
        int ncols = t.columns().size();
        int[] targets = new int[ncols];
        if (ins.columns().isEmpty()) {
            for (int i = 0; i < ncols; i++) {
                targets[i] = i;
            }
        } else {
            if (ins.columns().size() != ncols) {
                throw new SqlTypeException("The number of fields (" + ins.columns().size()
                        + ") in the INSERT does not match the number of columns (" + ncols + ") of the table `"
                        + t.name() + "`");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ncols; i++) {
                String name = ins.columns().get(i);
                ColumnSchema c = t.column(name).orElseThrow(() -> UnresolvedNameException.field(t.name(), name));
                if (!seen.add(name)) {
                    throw new SqlTypeException("Duplicate name `" + name + "`");
                }
                targets[i] = c.colId();
            }
        }
        List<byte[]> rows = new ArrayList<>(ins.rows().size());
        for (List<Expr> values : ins.rows()) {
            if (values.size() != ncols) {
                throw new SqlTypeException("Inserting a row with " + values.size() + " values into `" + t.name()
                        + "` which has " + ncols + " fields");
            }
            byte[][] byColumn = new byte[ncols][];
            for (int i = 0; i < ncols; i++) {
                ColumnSchema c = t.columns().get(targets[i]);
                byColumn[c.colId()] = Literals.coerce(values.get(i), c.type(), caller.identity());
            }
            BsatnWriter w = new BsatnWriter(64);
            for (byte[] v : byColumn) {
                w.writeRaw(v);
            }
            rows.add(w.toByteArray());
        }
        return rows;
    }
}
