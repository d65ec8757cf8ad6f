package dev.lightcone.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The few HTTP routes the soak uses ({@code /v1/ping}, {@code call}, {@code sql}), anonymously. */
final class ServerHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status and body. */
    record Reply(int status, String body) {
        boolean ok() {
            return status == 200;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ServerHttp(String base) {
        this.base = base;
    }

    /** True when {@code GET /v1/ping} answered 200 within {@code timeout}. */
    boolean ping(Duration timeout) throws InterruptedException {
        try {
            return send("GET", "/v1/ping", null, null, timeout).ok();
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code POST /v1/database/DB/call/REDUCER} with JSON arguments. */
    Reply call(String database, String reducer, String jsonArgs, Duration timeout)
            throws IOException, InterruptedException {
        return send("POST", "/v1/database/" + segment(database) + "/call/" + segment(reducer),
                jsonArgs.getBytes(StandardCharsets.UTF_8), "application/json", timeout);
    }

    /** {@code POST /v1/database/DB/sql}, confirmed (only durable state). */
    Reply sql(String database, String query, Duration timeout) throws IOException, InterruptedException {
        return send("POST", "/v1/database/" + segment(database) + "/sql?confirmed=true",
                query.getBytes(StandardCharsets.UTF_8), "text/plain", timeout);
    }

    /**
     * How many rows of a confirmed {@code SELECT} hold each value of the string column {@code column}; fails with the
     * status and body when the server does not answer 200.
     */
    Map<String, Integer> countByColumn(String database, String query, String column, Duration timeout)
            throws IOException, InterruptedException {
        Reply r = sql(database, query, timeout);
        if (!r.ok()) {
            throw new IOException("SQL " + query + " -> " + r.status() + ": " + abbreviate(r.body()));
        }
        JsonNode result = JSON.readTree(r.body()).path(0);
        int at = columnIndex(result, column, query);
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode row : result.path("rows")) {
            counts.merge(row.get(at).asText(), 1, Integer::sum);
        }
        return counts;
    }

    /** The rows of a result and the sum of one integer column. */
    record Sum(long rows, long sum) {
    }

    /** Runs a confirmed {@code SELECT} and adds up the integer column {@code column}. */
    Sum sum(String database, String query, String column, Duration timeout) throws IOException, InterruptedException {
        Reply r = sql(database, query, timeout);
        if (!r.ok()) {
            throw new IOException("SQL " + query + " -> " + r.status() + ": " + abbreviate(r.body()));
        }
        JsonNode result = JSON.readTree(r.body()).path(0);
        int at = columnIndex(result, column, query);
        long rows = 0;
        long sum = 0;
        for (JsonNode row : result.path("rows")) {
            rows++;
            sum += row.get(at).asLong();
        }
        return new Sum(rows, sum);
    }

    private static int columnIndex(JsonNode result, String column, String query) throws IOException {
        JsonNode elements = result.path("schema").path("elements");
        for (int i = 0; i < elements.size(); i++) {
            if (column.equals(elements.get(i).path("name").path("some").asText())) {
                return i;
            }
        }
        throw new IOException("SQL " + query + ": no column " + column + " in " + abbreviate(elements.toString()));
    }

    private Reply send(String method, String path, byte[] body, String contentType, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    /** The first 200 characters of {@code s}, on one line. */
    static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
