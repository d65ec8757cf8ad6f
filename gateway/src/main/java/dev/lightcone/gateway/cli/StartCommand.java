package dev.lightcone.gateway.cli;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.netty.DisposableServer;

/**
 * {@code lightcone start}: loads (or creates) the signing keys in the data directory and serves HTTP until the
 * process is stopped. Until the database engine is wired in, it serves the routes that need no database
 * (identity, tokens, public key, ping).
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start the server.")
public final class StartCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StartCommand.class);

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:3000",
            converter = HostPort.Converter.class, description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    HostPort listen;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "lightcone-data",
            description = "Directory for keys and databases (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    /** Binds the server and returns it without waiting (tests use this; {@link #call()} then blocks). */
    DisposableServer startServer() {
        SigningKeys keys = SigningKeys.loadOrCreate(dataDir);
        GatewayServer gateway = GatewayServer.builder(TokenService.local(keys)).build();
        DisposableServer server = gateway.bind(listen.host(), listen.port());
        LOG.info("lightcone started listen={}:{} dataDir={} databases={}", server.host(), server.port(),
                dataDir.toAbsolutePath(), gateway.servesDatabases());
        return server;
    }

    /** Starts the server and serves until the process is stopped. */
    @Override
    public Integer call() {
        DisposableServer server = startServer();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("lightcone stopping");
            server.disposeNow();
        }, "lightcone-shutdown"));
        server.onDispose().block();
        return 0;
    }
}
