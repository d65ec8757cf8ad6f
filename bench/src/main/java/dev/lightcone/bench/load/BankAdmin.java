package dev.lightcone.bench.load;

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

/**
 * The bank database over the server's HTTP API: publish the module, call {@code seed}, and add up the balances with
 * {@code SELECT * FROM accounts}.
 */
public final class BankAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The accounts table's content: how many rows and the sum of their balances. */
    public record Totals(long accounts, long balance) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String database;
    private String token;

    /** Talks to {@code base} (e.g. {@code http://127.0.0.1:3000}) about the database named {@code database}. */
    public BankAdmin(String base, String database) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.database = database;
    }

    /** Mints an identity ({@code POST /v1/identity}) and publishes {@code wasm} under the name with it. */
    public void publish(byte[] wasm) {
        token = send("POST", "/v1/identity", new byte[0], "application/json").path("token").asText(null);
        if (token == null) {
            throw new IllegalStateException("POST /v1/identity returned no token");
        }
        JsonNode r = send("PUT", "/v1/database/" + segment(database), wasm, "application/wasm");
        if (!r.has("Success")) {
            throw new IllegalStateException("publishing " + database + " failed: " + r);
        }
    }

    /** Calls {@code seed(n)} for n = chunk, 2 chunk, ... up to {@code accounts} (seed skips existing ids). */
    public void seed(int accounts, int chunk) {
        for (long n = Math.min(chunk, accounts); ; n = Math.min(n + chunk, accounts)) {
            send("POST", "/v1/database/" + segment(database) + "/call/seed",
                    ("[" + n + "]").getBytes(StandardCharsets.UTF_8), "application/json");
            if (n == accounts) {
                return;
            }
        }
    }

    /** Reads every account (after durability) and adds up the balances. */
    public Totals totals() {
        JsonNode r = send("POST", "/v1/database/" + segment(database) + "/sql?confirmed=true",
                "SELECT * FROM accounts".getBytes(StandardCharsets.UTF_8), "text/plain");
        JsonNode result = r.path(0);
        int balanceColumn = 1;
        JsonNode elements = result.path("schema").path("elements");
        for (int i = 0; i < elements.size(); i++) {
            if ("balance".equals(elements.get(i).path("name").path("some").asText())) {
                balanceColumn = i;
            }
        }
        long rows = 0;
        long sum = 0;
        for (JsonNode row : result.path("rows")) {
            rows++;
            sum += row.get(balanceColumn).asLong();
        }
        return new Totals(rows, sum);
    }

    private JsonNode send(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
