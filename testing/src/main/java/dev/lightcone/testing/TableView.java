package dev.lightcone.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.json.SatsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** The committed rows of one table, decoded for assertions. */
public final class TableView {
    private final Table table;

    TableView(Table table) {
        this.table = table;
    }

    public String name() {
        return table.name();
    }

    public int count() {
        return table.size();
    }

    /** Rows as SATS products, in the table's (deterministic) order. */
    public List<AlgebraicValue.Product> rows() {
        List<AlgebraicValue.Product> out = new ArrayList<>(table.size());
        for (Row r : table.rows()) {
            out.add((AlgebraicValue.Product) Bsatn.decode(table.schema().rowType(), r.bytes()));
        }
        return out;
    }

    /** Rows as SATS-JSON objects keyed by column name, e.g. {@code {"id":1,"name":"Al"}}. */
    public List<JsonNode> json() {
        List<JsonNode> out = new ArrayList<>(table.size());
        for (AlgebraicValue.Product p : rows()) {
            out.add(SatsJson.encode(table.schema().rowType(), p, Typespace.EMPTY, SatsJson.Style.NAMED));
        }
        return out;
    }

    /** The rows whose JSON form matches {@code filter}. */
    public List<JsonNode> where(Predicate<JsonNode> filter) {
        return json().stream().filter(filter).toList();
    }

    /** The single row whose column equals {@code value} (compared as JSON text), or null. */
    public JsonNode find(String column, Object value) {
        if (table.schema().column(column).isEmpty()) {
            throw new IllegalArgumentException("table " + name() + " has no column " + column);
        }
        String want = String.valueOf(value);
        for (JsonNode row : json()) {
            JsonNode v = row.get(column);
            if (v != null && Objects.equals(v.isTextual() ? v.asText() : v.toString(), want)) {
                return row;
            }
        }
        return null;
    }

    /** The raw BSATN rows. */
    public List<byte[]> bsatn() {
        return table.rows().stream().map(r -> r.bytes().clone()).toList();
    }
}
