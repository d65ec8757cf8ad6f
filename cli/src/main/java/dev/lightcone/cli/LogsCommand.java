package dev.lightcone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.sats.Timestamp;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightcone logs DB [-n N] [-f]}: prints a database's log ({@code GET /v1/database/DB/logs}), one line per
 * record as {@code TIMESTAMP LEVEL [function] message}; with {@code -f} it keeps printing new lines until
 * interrupted. Only the database's owner may read its log.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a database's log (owner only).")
public final class LogsCommand implements Callable<Integer> {

    /** RFC 3339 in UTC with microseconds, fixed width so the lines align. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "DB", description = "The database name or identity.")
    String database;

    @Option(names = {"-n", "--num-lines"}, paramLabel = "N",
            description = "Print only the last N lines (default: all; 10 with --follow).")
    Integer numLines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Option(names = "--json", description = "Print the server's JSON lines as they are.")
    boolean json;

    @Override
    public Integer call() {
        if (numLines != null && numLines < 0) {
            throw CliException.usage("--num-lines must not be negative");
        }
        StringBuilder query = new StringBuilder();
        Integer n = numLines != null ? numLines : follow ? Integer.valueOf(10) : null;
        if (n != null) {
            query.append("num_lines=").append(n);
        }
        if (follow) {
            query.append(query.length() == 0 ? "" : "&").append("follow=true");
        }
        ServerClient server = ServerClient.open(client, spec.commandLine().getErr());
        String path = "/v1/database/" + ServerClient.segment(database) + "/logs"
                + (query.length() == 0 ? "" : "?" + query);
        PrintWriter out = spec.commandLine().getOut();
        try (LineStream lines = server.lines(path)) {
            for (String line = lines.next(server); line != null; line = lines.next(server)) {
                if (!line.isBlank()) {
                    out.println(json ? line : format(line));
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            // Interrupted while following: the normal way to stop.
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** One server log line as {@code TIMESTAMP LEVEL [function] message}; a line that is not JSON as it is. */
    static String format(String jsonLine) {
        JsonNode r;
        try {
            r = ServerClient.JSON.readTree(jsonLine);
        } catch (IOException e) {
            return jsonLine;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(TIME.format(new Timestamp(r.path("ts").asLong()).toInstant())).append(' ')
                .append(String.format("%-5s", r.path("level").asText("?").toUpperCase(java.util.Locale.ROOT)));
        if (r.path("function").isTextual()) {
            sb.append(" [").append(r.get("function").asText()).append(']');
        }
        sb.append(' ').append(r.path("message").asText());
        return sb.toString();
    }
}
