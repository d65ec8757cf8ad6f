package dev.lightcone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP access to one Lightcone (or SpacetimeDB) server as the {@code spacetime} CLI does it: every request carries
 * {@code Authorization: Bearer <token>} unless the command runs anonymously. The token is the one given on the
 * command line, else the one saved for this server, else a new identity from {@code POST /v1/identity}, saved
 * for next time.
 */
public final class ServerClient {
    /** JSON for requests and responses. */
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final String base;
    private final String token;
    private final boolean tokenSaved;
    private final Optional<String> configFile;

    private ServerClient(HttpClient http, String base, String token, boolean tokenSaved, Optional<String> configFile) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.tokenSaved = tokenSaved;
        this.configFile = configFile;
    }

    /** A client for the server and identity that {@code options} select; notes a newly saved identity on {@code err}. */
    public static ServerClient open(ClientOptions options, PrintWriter err) {
        if (options.anonymous && options.token != null) {
            throw CliException.usage("--token and --anonymous cannot be used together");
        }
        String base = options.serverUrl();
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        if (options.anonymous) {
            return new ServerClient(http, base, null, false, Optional.empty());
        }
        if (options.token != null) {
            return new ServerClient(http, base, options.token, false, Optional.empty());
        }
        CliConfig config = CliConfig.load(options.configFile());
        Optional<CliConfig.SavedIdentity> saved = config.identity(base);
        String file = config.file().toString();
        if (saved.isPresent()) {
            return new ServerClient(http, base, saved.get().token(), true, Optional.of(file));
        }
        ServerClient anonymous = new ServerClient(http, base, null, false, Optional.empty());
        JsonNode minted = anonymous.json(anonymous.send("POST", "/v1/identity", new byte[0], null));
        CliConfig.SavedIdentity id = new CliConfig.SavedIdentity(minted.path("identity").asText(),
                minted.path("token").asText());
        if (id.token().isEmpty()) {
            throw new CliException("the server at " + base + " did not return a token from POST /v1/identity");
        }
        config.save(base, id);
        err.println("Saved a new identity " + id.identity() + " for " + base + " in " + file);
        err.flush();
        return new ServerClient(http, base, id.token(), true, Optional.of(file));
    }

    /** The server's base URL. */
    public String base() {
        return base;
    }

    /** The token requests carry, if any. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** A path segment (a database name, a reducer name) percent-encoded for a URL. */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** Sends a request and returns the response whatever its status; {@code body} null means none. */
    public HttpResponse<String> send(String method, String pathAndQuery, byte[] body, String contentType) {
        HttpRequest.Builder b = request(pathAndQuery).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** Starts a GET whose body is read line by line as it arrives (for followed logs). */
    LineStream lines(String pathAndQuery) {
        LineStream stream = new LineStream();
        stream.attach(http.sendAsync(request(pathAndQuery).GET().build(), stream.handler()));
        return stream;
    }

    /** The body of a 2xx response, or a {@link ServerException} with the server's text. */
    public String ok(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw failure(r.statusCode(), r.body());
        }
        return r.body();
    }

    /** The JSON body of a 2xx response. */
    public JsonNode json(HttpResponse<String> r) {
        String body = ok(r);
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException("the server answered " + r.uri().getPath() + " with invalid JSON: " + e.getMessage());
        }
    }

    /** The error for a non-2xx answer: the server's text, the status, and a hint where one helps. */
    public ServerException failure(int status, String body) {
        String text = body == null || body.isBlank() ? "(no message)" : body.strip();
        String message = text + " (HTTP " + status + ")";
        if ((status == 401 || status == 400) && tokenSaved && text.toLowerCase().contains("authoriz")) {
            message += "\nhint: the identity saved in " + configFile.orElse("the config file") + " for " + base
                    + " was refused; run `lightcone logout --server " + base + "` to forget it, or pass --anonymous";
        }
        return new ServerException(status, text, message);
    }

    /** The error for a request that did not get an answer. */
    CliException unreachable(Throwable failure) {
        Throwable e = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String why = e instanceof ConnectException ? "connection refused"
                : e instanceof HttpTimeoutException ? "timed out" : String.valueOf(e.getMessage());
        return new CliException("cannot reach the server at " + base + " (" + why + "); is it running? "
                + "(start one with `lightcone start`)", CliException.FAILED, e);
    }

    /** The underlying HTTP client (for the WebSocket). */
    HttpClient http() {
        return http;
    }
}
