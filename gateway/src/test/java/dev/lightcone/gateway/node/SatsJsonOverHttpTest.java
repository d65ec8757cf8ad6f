package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SATS-JSON through the real gateway (client-protocol §3): identities (u256) are {@code 0x} hex strings in
 * call arguments, SQL rows and procedure results; procedure results are untyped like SQL rows.
 */
class SatsJsonOverHttpTest {

    @Test
    void identitiesTravelAs0xHexAndProcedureResultsAreUntyped(@TempDir Path dir) throws Exception {
        try (ServedNode s = ServedNode.open(dir)) {
            ServedNode.Minted owner = s.mint();
            ServedNode.Minted other = s.mint();
            assertEquals(200, s.publish("procs", "feature-procedures.wasm", owner).statusCode());
            assertEquals(200, s.publish("guide", "guide.wasm", owner).statusCode());

            // A procedure returning an Identity: the untyped product of one u256, as upstream renders it.
            HttpResponse<String> who = s.call("procs", "whoami", "[]", owner);
            assertEquals(200, who.statusCode(), who.body());
            assertEquals("[\"" + owner.u256() + "\"]", who.body());
            // A procedure returning a struct: a positional array, not an object keyed by field name.
            HttpResponse<String> slept = s.call("procs", "sleep_then_count", "[0]", owner);
            assertEquals(200, slept.statusCode(), slept.body());
            JsonNode product = ServedNode.JSON.readTree(slept.body());
            assertTrue(product.isArray() && product.size() == 3 && product.get(0).isArray()
                    && product.get(0).get(0).isIntegralNumber() && product.get(2).asLong() == 0, slept.body());

            // An Identity argument in upstream's typed and untyped forms.
            HttpResponse<String> typed = s.call("guide", "send_private_message",
                    "[{\"__identity__\":\"" + other.u256() + "\"}, \"typed\"]", owner);
            assertEquals(200, typed.statusCode(), typed.body());
            HttpResponse<String> untyped = s.call("guide", "send_private_message",
                    "{\"recipient\":[\"" + other.u256() + "\"], \"text\":\"untyped\"}", owner);
            assertEquals(200, untyped.statusCode(), untyped.body());
            HttpResponse<String> decimal = s.call("guide", "send_private_message",
                    "[{\"__identity__\":\"12345\"}, \"decimal text\"]", owner);
            assertEquals(400, decimal.statusCode());
            assertTrue(decimal.body().startsWith("invalid arguments for reducer send_private_message: "
                    + "expected a 0x-prefixed hex string for U256"), decimal.body());

            // SQL rows carry the same form.
            HttpResponse<String> rows = s.sql("guide", "SELECT sender, recipient, text FROM private_messages", owner);
            assertEquals(200, rows.statusCode(), rows.body());
            JsonNode result = ServedNode.JSON.readTree(rows.body()).get(0).get("rows");
            assertEquals(2, result.size(), rows.body());
            assertEquals("[[\"" + owner.u256() + "\"],[\"" + other.u256() + "\"],\"typed\"]", result.get(0).toString());
        }
    }
}
