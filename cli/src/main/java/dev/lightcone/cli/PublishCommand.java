package dev.lightcone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightcone publish [NAME] --wasm FILE [--clear]}: uploads a module, creating the database or updating its
 * module ({@code PUT /v1/database/NAME}, or {@code POST /v1/database} without a name).
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a WebAssembly module: create a database or update its module.")
public final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "The database name (or identity) to publish to; without it a new unnamed database is created.")
    String name;

    @Option(names = {"-w", "--wasm"}, paramLabel = "FILE", required = true, description = "The module's .wasm file.")
    Path wasm;

    @Option(names = {"-c", "--clear"}, description = "Delete the database's data before updating its module.")
    boolean clear;

    @Option(names = "--json", description = "Print the server's JSON answer instead of a sentence.")
    boolean json;

    @Override
    public Integer call() {
        byte[] program = readModule(wasm);
        ServerClient server = ServerClient.open(client, spec.commandLine().getErr());
        String query = "?host_type=wasm" + (clear ? "&clear=true" : "");
        HttpResponse<String> r = name == null
                ? server.send("POST", "/v1/database" + query, program, "application/wasm")
                : server.send("PUT", "/v1/database/" + ServerClient.segment(name) + query, program, "application/wasm");
        if (r.statusCode() == 401 && r.body().contains("PermissionDenied")) {
            throw new CliException("permission denied: the database `" + (name == null ? "?" : name)
                    + "` belongs to another identity (HTTP 401)");
        }
        if (r.statusCode() == 400) {
            throw new ServerException(400, r.body(), "the server refused the module: " + r.body().strip() + " (HTTP 400)");
        }
        JsonNode body = server.json(r);
        JsonNode ok = body.path("Success");
        if (ok.isMissingNode()) {
            throw new CliException("unexpected answer from the server: " + body);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(body.toString());
        } else {
            String domain = ok.path("domain").isTextual() ? ok.get("domain").asText() : "(unnamed)";
            String identity = ok.path("database_identity").asText();
            if ("created".equals(ok.path("op").asText())) {
                out.println("Created new database with name: " + domain + ", identity: " + identity);
            } else {
                out.println("Updated database with name: " + domain + ", identity: " + identity
                        + (clear ? " (data cleared)" : ""));
            }
        }
        out.flush();
        return 0;
    }

    private static byte[] readModule(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < 4 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
                throw CliException.usage("not a WebAssembly module: " + file + " (it does not start with \\0asm)");
            }
            return bytes;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException("no such file: " + file, CliException.USAGE, e);
        } catch (IOException e) {
            throw new CliException("cannot read the module " + file + ": " + e.getMessage(), CliException.USAGE, e);
        }
    }
}
