package dev.lightcone.bench.load;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import reactor.netty.DisposableServer;

/** A Lightcone server in this process on {@code 127.0.0.1} (a free port), as {@code lightcone start} runs it. */
public final class EmbeddedServer implements AutoCloseable {
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final Node node;
    private final DisposableServer server;

    private EmbeddedServer(Path dataDir, boolean deleteOnClose) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.node = Node.open(dataDir);
        if (!node.isEmpty()) {
            node.close();
            throw new IllegalArgumentException(dataDir + " already holds databases; give an empty data directory");
        }
        GatewayServer gw = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dataDir)))
                .withDatabaseService(node).build();
        this.server = gw.bind("127.0.0.1", 0);
    }

    /** Starts on {@code dataDir} (created if missing; must hold no database); it is kept afterwards. */
    public static EmbeddedServer start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EmbeddedServer(dataDir, false);
    }

    /** Starts on a new temporary directory under {@code parent}, deleted on close. */
    public static EmbeddedServer startTemporary(Path parent) {
        try {
            return new EmbeddedServer(Files.createTempDirectory(parent, "lightcone-load-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP base address, {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops serving, closes the databases and, for a temporary directory, deletes it. */
    @Override
    public void close() {
        server.disposeNow();
        node.close();
        if (deleteOnClose) {
            try (Stream<Path> all = Files.walk(dataDir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + dataDir, e);
            }
        }
    }
}
