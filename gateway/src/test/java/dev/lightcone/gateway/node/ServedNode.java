package dev.lightcone.gateway.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import reactor.netty.DisposableServer;

/** A real node behind the real gateway on a free port, and a plain HTTP client for tests that go through both. */
final class ServedNode implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Node node;
    private final DisposableServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServedNode(Node node, DisposableServer server) {
        this.node = node;
        this.server = server;
    }

    /** Opens the node stored in {@code dir} and serves it. */
    static ServedNode open(Path dir) throws IOException {
        Node node = Node.open(dir);
        try {
            return new ServedNode(node, GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0));
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** A fresh identity and its token, from {@code POST /v1/identity}. */
    Minted mint() throws Exception {
        JsonNode body = JSON.readTree(send(request("/v1/identity").POST(HttpRequest.BodyPublishers.noBody())).body());
        return new Minted(body.get("identity").asText(), body.get("token").asText());
    }

    /** Publishes {@code modules/dist/<file>} as {@code name}, owned by {@code owner}. */
    HttpResponse<String> publish(String name, String file, Minted owner) throws Exception {
        return publish(name, Files.readAllBytes(NodeSqlTest.dist().resolve(file)), owner);
    }

    HttpResponse<String> publish(String name, byte[] program, Minted owner) throws Exception {
        return send(auth(request("/v1/database/" + name), owner).PUT(HttpRequest.BodyPublishers.ofByteArray(program)));
    }

    HttpResponse<String> call(String db, String function, String jsonArgs, Minted who) throws Exception {
        return send(auth(request("/v1/database/" + db + "/call/" + function), who)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonArgs)));
    }

    HttpResponse<String> sql(String db, String sql, Minted who) throws Exception {
        return send(auth(request("/v1/database/" + db + "/sql"), who).POST(HttpRequest.BodyPublishers.ofString(sql)));
    }

    HttpResponse<String> get(String path, Minted who) throws Exception {
        return send(auth(request(path), who).GET());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60));
    }

    private static HttpRequest.Builder auth(HttpRequest.Builder b, Minted who) {
        return who == null ? b : b.header("Authorization", "Bearer " + who.token());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
        node.close();
    }

    /** An identity (64 hex digits, as {@code /v1/identity} prints it) and its bearer token. */
    record Minted(String identity, String token) {
        /** The identity's SATS-JSON u256 form: {@code 0x} hex without leading zeros. */
        String u256() {
            return "0x" + new java.math.BigInteger(identity, 16).toString(16);
        }
    }
}
