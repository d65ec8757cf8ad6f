package dev.lightcone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.AlgebraicTypeCodec;
import dev.lightcone.sats.json.SatsJson;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lightcone sql DB QUERY}: runs SQL ({@code POST /v1/database/DB/sql}) and prints each result as a table. */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run SQL against a database and print the rows.")
public final class SqlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "DB", description = "The database name or identity.")
    String database;

    @Parameters(index = "1", paramLabel = "QUERY", description = "The SQL; several statements may be separated by ';'.")
    String query;

    @Option(names = "--json", description = "Print each statement's rows as one line of JSON objects.")
    boolean json;

    @Override
    public Integer call() {
        ServerClient server = ServerClient.open(client, spec.commandLine().getErr());
        JsonNode results = server.json(server.send("POST", "/v1/database/" + ServerClient.segment(database) + "/sql",
                query.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8"));
        PrintWriter out = spec.commandLine().getOut();
        for (JsonNode r : results) {
            print(out, r);
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, JsonNode result) {
        ProductType schema = schema(result.path("schema"));
        JsonNode rows = result.path("rows");
        if (schema.size() == 0 && rows.isEmpty()) {
            JsonNode stats = result.path("stats");
            if (json) {
                out.println(stats);
            } else {
                out.println("inserted: " + stats.path("rows_inserted").asLong() + ", deleted: "
                        + stats.path("rows_deleted").asLong() + ", updated: " + stats.path("rows_updated").asLong());
            }
            return;
        }
        List<String> headers = new ArrayList<>();
        for (int c = 0; c < schema.size(); c++) {
            headers.add(schema.elements().get(c).name().orElse("column " + c));
        }
        ArrayNode jsonRows = ServerClient.JSON.createArrayNode();
        List<List<String>> cells = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> line = new ArrayList<>();
            ObjectNode obj = jsonRows.addObject();
            AlgebraicValue.Product value = decode(schema, row);
            for (int c = 0; c < schema.size(); c++) {
                if (value != null) {
                    line.add(Values.text(schema.typeAt(c), value.field(c), Typespace.EMPTY));
                    obj.set(headers.get(c), Values.json(schema.typeAt(c), value.field(c), Typespace.EMPTY));
                } else {
                    line.add(row.path(c).toString());
                    obj.set(headers.get(c), row.path(c));
                }
            }
            cells.add(line);
        }
        if (json) {
            out.println(jsonRows);
        } else {
            out.print(TextTable.render(headers, cells));
            out.println(TextTable.count(cells.size()));
        }
    }

    /** The row type the server described; a schema that does not decode is a server fault. */
    static ProductType schema(JsonNode schemaJson) {
        try {
            return AlgebraicTypeCodec.productTypeFromValue(SatsJson.decode(AlgebraicTypeCodec.PRODUCT_TYPE, schemaJson,
                    AlgebraicTypeCodec.META_TYPESPACE));
        } catch (RuntimeException e) {
            throw new CliException("the server returned a schema that does not decode: " + e.getMessage());
        }
    }

    /** A row decoded by the schema, or null (then the cells are shown as the server's JSON). */
    private static AlgebraicValue.Product decode(ProductType schema, JsonNode row) {
        try {
            return (AlgebraicValue.Product) SatsJson.decode(schema, row, Typespace.EMPTY);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
