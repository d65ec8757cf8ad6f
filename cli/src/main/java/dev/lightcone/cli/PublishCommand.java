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
 * {@code lightcone publish [NAME] --wasm FILE [--clear] [--yes] [--break-clients]}: uploads a module, creating the
 * database or updating its module ({@code PUT /v1/database/NAME}, or {@code POST /v1/database} without a name).
 * Before updating it asks the server for the migration plan ({@code pre_publish}), prints it, stops if the update
 * needs a manual migration, and asks before one that breaks clients, as {@code spacetime publish} does.
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

    @Option(names = {"-c", "--clear", "--delete-data"},
            description = "Delete the database's data before updating its module (init runs again; owner only).")
    boolean clear;

    @Option(names = {"-y", "--yes"}, description = "Do not ask before an update that breaks clients.")
    boolean yes;

    @Option(names = "--break-clients", description = "Allow an update that disconnects every client (no question).")
    boolean breakClients;

    @Option(names = "--json", description = "Print the server's JSON answer instead of a sentence.")
    boolean json;

    @Override
    public Integer call() {
        byte[] program = readModule(wasm);
        ServerClient server = ServerClient.open(client, spec.commandLine().getErr());
        String query = "?host_type=wasm" + (clear ? "&clear=true" : "");
        if (name != null && !clear) {
            query += migrationApproval(server, program);
        }
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

    /**
     * Asks the server what updating the database would do; for a new database nothing. Prints the plan; refuses a
     * manual migration; asks before a client-breaking one. Returns the query parameters that approve the plan.
     */
    private String migrationApproval(ServerClient server, byte[] program) {
        HttpResponse<String> r = server.send("POST", "/v1/database/" + ServerClient.segment(name)
                + "/pre_publish?pretty_print_style=NoColor&host_type=wasm", program, "application/wasm");
        if (r.statusCode() == 404) {
            return "";
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new CliException("permission denied: the database `" + name + "` belongs to another identity (HTTP "
                    + r.statusCode() + ")");
        }
        if (r.statusCode() == 400) {
            throw new ServerException(400, r.body(), "the server refused the module: " + r.body().strip() + " (HTTP 400)");
        }
        JsonNode body = server.json(r);
        // With --json the answer is the only thing on standard output, so the plan goes to standard error.
        var planOut = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        JsonNode manual = body.path("ManualMigrate");
        if (!manual.isMissingNode()) {
            planOut.println(manual.path("reason").asText());
            planOut.println("Aborting publish due to required manual migration.");
            planOut.flush();
            throw new CliException("Aborting because publishing would require manual migration or deletion of data "
                    + "and --delete-data was not specified.");
        }
        JsonNode auto = body.path("AutoMigrate");
        if (auto.isMissingNode()) {
            throw new CliException("unexpected answer from the server: " + body);
        }
        planOut.println(auto.path("migrate_plan").asText());
        planOut.flush();
        if (auto.path("break_clients").asBoolean() && !yes && !breakClients
                && !confirm("The above changes will BREAK existing clients. Do you want to proceed? [y/N] ")) {
            planOut.println("Aborting");
            planOut.flush();
            throw new CliException("Publishing aborted by user");
        }
        return "&policy=BreakClients&token=" + ServerClient.segment(auto.path("token").asText());
    }

    /** Asks a yes/no question on the terminal; anything but y/yes (or no input at all) is no. */
    private boolean confirm(String question) {
        var out = spec.commandLine().getOut();
        out.print(question);
        out.flush();
        try {
            String answer = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            out.println();
            return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            throw new CliException("cannot read the answer: " + e.getMessage(), CliException.FAILED, e);
        }
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
