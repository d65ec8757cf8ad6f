package dev.lightcone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightcone login}: makes sure an identity is saved for the server (minting one with
 * {@code POST /v1/identity} if none is) and prints it; {@code --token JWT} checks that the server accepts that
 * token and saves it instead.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Save an identity for a server (a new one, or the --token given) and print it.")
public final class LoginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions where;

    @Option(names = "--token", paramLabel = "JWT",
            description = "Save this token (after checking that the server accepts it) instead of a new identity.")
    String token;

    @Override
    public Integer call() {
        String base = where.serverUrl();
        ClientOptions client = new ClientOptions();
        client.where = where;
        if (token != null) {
            client.token = token;
            ServerClient server = ServerClient.open(client, spec.commandLine().getErr());
            server.ok(server.send("POST", "/v1/identity/websocket-token", new byte[0], null));
            CliConfig.load(client.configFile()).save(base, new CliConfig.SavedIdentity(identityClaim(token), token));
            client.token = null;
        }
        ServerClient.open(client, spec.commandLine().getErr());
        CliConfig.SavedIdentity id = CliConfig.load(client.configFile()).identity(base)
                .orElseThrow(() -> new CliException("no identity was saved for " + base));
        spec.commandLine().getOut().println("Logged in to " + base + " as " + id.identity());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The {@code hex_identity} claim of a JWT (read, not verified: the server verified it). */
    static String identityClaim(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw CliException.usage("--token is not a JWT");
        }
        try {
            JsonNode claims = ServerClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("hex_identity").asText("");
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("--token is not a JWT: " + e.getMessage());
        }
    }
}
