package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/database/{db}/schema} serves the validated definition (client-protocol §3.3): ExplicitNames
 * always present and complete, sum variants after the case policy, and {@code version=9} for a V10 module.
 */
class SchemaRouteTest {

    @Test
    void servesTheValidatedDefinitionInBothVersions(@TempDir Path dir) throws Exception {
        try (ServedNode s = ServedNode.open(dir)) {
            ServedNode.Minted owner = s.mint();
            assertEquals(200, s.publish("minimal", "feature-minimal.wasm", owner).statusCode());
            assertEquals(200, s.publish("syntax", "feature-syntax.wasm", owner).statusCode());
            assertEquals(200, s.publish("guide", "guide.wasm", owner).statusCode());
            assertEquals(200, s.publish("views", "feature-views.wasm", owner).statusCode());

            // feature-minimal sends an empty ExplicitNames section: the served one names every table and function.
            JsonNode minimal = schema(s, "minimal", 10);
            assertEquals(List.of("Table person->person", "Function add->add"), explicitNames(minimal));

            // Explicit canonical names are kept; every reducer and view is listed.
            List<String> syntaxNames = explicitNames(schema(s, "syntax", 10));
            assertTrue(syntaxNames.contains("Table scores->ScoreBoard"), syntaxNames.toString());
            assertTrue(syntaxNames.contains("Function add_score->AddScore"), syntaxNames.toString());
            assertTrue(syntaxNames.contains("Function shape_count->shape_count"), syntaxNames.toString());

            // Sum variants follow the snake_case policy: camelCase, as upstream serves them.
            String syntaxTypes = section(schema(s, "syntax", 10), "Typespace").toString();
            assertTrue(syntaxTypes.contains("{\"name\":{\"some\":\"circle\"}") && syntaxTypes.contains("\"rect\"")
                    && syntaxTypes.contains("\"empty\"") && !syntaxTypes.contains("\"Circle\""), syntaxTypes);
            assertTrue(section(schema(s, "guide", 10), "Typespace").toString().contains("{\"some\":\"member\"}"));

            // version=9 works for every module: tables and functions under canonical names, lifecycles on the
            // reducers, schedules on their tables, procedures and views as misc exports.
            JsonNode guide9 = schema(s, "guide", 9);
            assertTrue(guide9.has("typespace") && guide9.has("misc_exports"), guide9.toString());
            assertTrue(names(guide9.get("tables"), "name").contains("cleanup_schedule"), guide9.toString());
            JsonNode onConnect = find(guide9.get("reducers"), "name", "on_connect");
            assertEquals("{\"some\":{\"OnConnect\":[]}}", onConnect.get("lifecycle").toString());
            JsonNode cleanup = find(guide9.get("tables"), "name", "cleanup_schedule");
            assertEquals("cleanup", cleanup.get("schedule").get("some").get("reducer_name").asText());
            assertTrue(guide9.get("misc_exports").toString().contains("{\"Procedure\":{\"name\":\"get_stats\""),
                    guide9.get("misc_exports").toString());
            JsonNode views9 = schema(s, "views", 9);
            assertTrue(views9.get("misc_exports").toString().contains("{\"View\":{\"name\":\"high_scores\""),
                    views9.get("misc_exports").toString());
            assertEquals(200, s.get("/v1/database/minimal/schema?version=9", owner).statusCode());
            assertEquals(200, s.get("/v1/database/syntax/schema?version=9", owner).statusCode());
            assertEquals(400, s.get("/v1/database/minimal/schema?version=8", owner).statusCode());
        }
    }

    private static JsonNode schema(ServedNode s, String db, int version) throws Exception {
        HttpResponse<String> r = s.get("/v1/database/" + db + "/schema?version=" + version, null);
        assertEquals(200, r.statusCode(), r.body());
        return ServedNode.JSON.readTree(r.body());
    }

    private static JsonNode section(JsonNode v10, String name) {
        for (JsonNode section : v10.get("sections")) {
            if (section.has(name)) {
                return section.get(name);
            }
        }
        throw new AssertionError("no section " + name + " in " + v10);
    }

    private static List<String> explicitNames(JsonNode v10) {
        List<String> out = new ArrayList<>();
        int sections = 0;
        for (JsonNode section : v10.get("sections")) {
            if (section.has("ExplicitNames")) {
                sections++;
                for (JsonNode e : section.get("ExplicitNames").get("entries")) {
                    String kind = e.fieldNames().next();
                    out.add(kind + " " + e.get(kind).get("source_name").asText() + "->"
                            + e.get(kind).get("canonical_name").asText());
                }
            }
        }
        assertEquals(1, sections, "exactly one ExplicitNames section");
        return out;
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.get(field).asText()));
        return out;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode e : array) {
            if (e.get(field).asText().equals(value)) {
                return e;
            }
        }
        throw new AssertionError("no " + field + " = " + value + " in " + array);
    }
}
