package dev.lightcone.materializer.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.AlgebraicTypeCodec;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.json.SatsJson;
import java.util.List;

/**
 * The result of one SQL statement: the row type (with column names), the rows as BSATN of that type,
 * and the DML counts. DML results have an empty schema and no rows.
 */
public record SqlResult(ProductType schema, List<byte[]> rows, DmlStats stats) {
    public SqlResult {
        rows = List.copyOf(rows);
    }

    /** A DML statement's result. */
    public static SqlResult of(DmlStats stats) {
        return new SqlResult(ProductType.UNIT, List.of(), stats);
    }

    /** The rows as SATS-JSON arrays (products positional, as the SQL route returns them). */
    public ArrayNode jsonRows() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (byte[] row : rows) {
            out.add(SatsJson.encode(schema, Bsatn.decode(schema, row), Typespace.EMPTY, SatsJson.Style.POSITIONAL));
        }
        return out;
    }

    /** The schema as SATS-JSON of a {@code ProductType}: {@code {"elements":[{"name":{"some":..},..}]}}. */
    public JsonNode schemaJson() {
        return SatsJson.encode(AlgebraicTypeCodec.PRODUCT_TYPE, AlgebraicTypeCodec.productTypeValue(schema),
                AlgebraicTypeCodec.META_TYPESPACE, SatsJson.Style.NAMED);
    }

    /** The response element {@code {"schema", "rows", "total_duration_micros", "stats"}}. */
    public ObjectNode toJson(long totalDurationMicros) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("schema", schemaJson());
        o.set("rows", jsonRows());
        o.put("total_duration_micros", totalDurationMicros);
        ObjectNode s = o.putObject("stats");
        s.put("rows_inserted", stats.rowsInserted());
        s.put("rows_deleted", stats.rowsDeleted());
        s.put("rows_updated", stats.rowsUpdated());
        return o;
    }
}
