package dev.lightcone.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightcone call DB REDUCER [ARG...]}: calls a reducer over HTTP
 * ({@code POST /v1/database/DB/call/REDUCER} with the arguments as a JSON array).
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Call a reducer.", "Each ARG is JSON (42, true, \"text\", [1,2], {\"a\":1}); anything else is "
                + "taken as a string, so `call chat send_message hello` works."})
public final class CallCommand implements Callable<Integer> {

    private static final ObjectReader STRICT = ServerClient.JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "DB", description = "The database name or identity.")
    String database;

    @Parameters(index = "1", paramLabel = "REDUCER", description = "The reducer to call.")
    String reducer;

    @Parameters(index = "2..*", paramLabel = "ARG", description = "The reducer's arguments, in order.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        byte[] body = arguments(args).toString().getBytes(StandardCharsets.UTF_8);
        ServerClient server = ServerClient.open(client, spec.commandLine().getErr());
        HttpResponse<String> r = server.send("POST", "/v1/database/" + ServerClient.segment(database) + "/call/"
                + ServerClient.segment(reducer), body, "application/json");
        if (r.statusCode() == 530) {
            throw new ServerException(530, r.body(), "the reducer `" + reducer + "` failed: " + r.body().strip());
        }
        String result = server.ok(r);
        var out = spec.commandLine().getOut();
        if (!result.isBlank()) {
            // A procedure's return value.
            out.println(result.strip());
            out.flush();
        }
        return 0;
    }

    /**
     * The JSON array of the arguments: each is parsed as JSON; one that does not parse is a string, unless it
     * starts like JSON ({@code { [ "}), which is a mistake worth reporting.
     */
    static ArrayNode arguments(List<String> args) {
        ArrayNode array = ServerClient.JSON.createArrayNode();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            try {
                JsonNode parsed = STRICT.readTree(a);
                array.add(parsed == null || parsed.isMissingNode() ? ServerClient.JSON.getNodeFactory().textNode(a) : parsed);
            } catch (IOException e) {
                String t = a.stripLeading();
                if (t.startsWith("{") || t.startsWith("[") || t.startsWith("\"")) {
                    throw CliException.usage("argument " + (i + 1) + " is not valid JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
                            + " (in " + a + ")");
                }
                array.add(a);
            }
        }
        return array;
    }
}
