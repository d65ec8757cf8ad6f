package dev.lightcone.bench.load;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import dev.lightcone.commitlog.kafka.KafkaLogOptions;
import java.util.stream.Stream;
import reactor.netty.DisposableServer;

/** A Lightcone server in this process on {@code 127.0.0.1} (a free port), as {@code lightcone start} runs it. */
public final class EmbeddedServer implements AutoCloseable {
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final Node node;
    private final DisposableServer server;
    /** The other nodes of a cluster (distributed mode), each serving on its own port. */
    private final List<Node> others = new ArrayList<>();
    private final List<DisposableServer> otherServers = new ArrayList<>();

    private EmbeddedServer(Path dataDir, boolean deleteOnClose) {
        this(dataDir, deleteOnClose, null, 1);
    }

    /** With {@code kafka}: {@code nodes} nodes of one cluster on that broker, the first one answering {@link #baseUrl}. */
    private EmbeddedServer(Path dataDir, boolean deleteOnClose, String kafka, int nodes) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        KafkaLogOptions log = kafka == null ? null
                : KafkaLogOptions.of(kafka).withTopicPrefix("bench-" + System.nanoTime() + ".");
        this.node = log == null ? Node.open(dataDir) : Node.openCluster(dataDir.resolve("node-1"), log, 16_384);
        if (!node.isEmpty()) {
            node.close();
            throw new IllegalArgumentException(dataDir + " already holds databases; give an empty data directory");
        }
        SigningKeys keys = SigningKeys.loadOrCreate(dataDir);
        this.server = GatewayServer.builder(TokenService.local(keys)).withDatabaseService(node).build()
                .bind("127.0.0.1", 0);
        for (int i = 2; i <= nodes; i++) {
            Node other = Node.openCluster(dataDir.resolve("node-" + i), log, 16_384);
            others.add(other);
            otherServers.add(GatewayServer.builder(TokenService.local(keys)).withDatabaseService(other).build()
                    .bind("127.0.0.1", 0));
        }
    }

    /**
     * Starts {@code nodes} nodes of a cluster whose command logs live on the Kafka brokers {@code kafka}, on a
     * new temporary directory under {@code parent} (deleted on close).
     */
    public static EmbeddedServer startCluster(Path parent, String kafka, int nodes) {
        try {
            return new EmbeddedServer(Files.createTempDirectory(parent, "lightcone-load-"), true, kafka, nodes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        otherServers.forEach(DisposableServer::disposeNow);
        others.forEach(Node::close);
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
