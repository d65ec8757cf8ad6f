package dev.lightcone.cli;

import dev.lightcone.gateway.auth.AuthException;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.service.PublishOutcome;
import dev.lightcone.sats.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.ConnectionLimits;
import dev.lightcone.gateway.http.GatewayServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.lightcone.commitlog.kafka.KafkaLogOptions;
import dev.lightcone.gateway.ws.WebSocketOptions;
import reactor.netty.DisposableServer;

/**
 * {@code lightcone start}: loads (or creates) the signing keys in the data directory, opens (recovering) every
 * database there, and serves HTTP and WebSocket until the process is stopped. On a data directory with no
 * database it publishes the bundled chat example as {@code quickstart-chat}, so a newcomer can connect at once.
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

    @Option(names = "--no-example", description = "Do not publish the chat example into an empty data directory.")
    boolean noExample;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The command line's saved identities (default: $LIGHTCONE_CLI_CONFIG or "
                    + "~/.config/lightcone/cli.json). The chat example is owned by the identity saved there for this "
                    + "server, so `lightcone logs`, republish and SQL DML work for you.")
    Path cliConfig;

    @Option(names = "--kafka", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Distributed mode: keep every database's command log in this Kafka cluster and serve every "
                    + "database of the cluster (default: embedded mode, command logs in the data directory).")
    String kafka;

    @Option(names = "--kafka-replication", paramLabel = "N", defaultValue = "-1",
            description = "Replicas of each new command topic (default: the brokers' default).")
    short kafkaReplication;

    @Option(names = "--kafka-min-insync", paramLabel = "N", defaultValue = "-1",
            description = "In-sync replicas a record needs before it counts as durable (default: the brokers' default).")
    int kafkaMinInSync;

    @Option(names = "--kafka-topic-prefix", paramLabel = "PREFIX", defaultValue = "lightcone.commands.",
            description = "Command topics are named PREFIX + database identity (default: ${DEFAULT-VALUE}).")
    String kafkaTopicPrefix;

    @Option(names = "--keys-dir", paramLabel = "DIR",
            description = "Where the token signing keys live (default: the data directory). The nodes of a cluster "
                    + "share one, so that a token issued by one node is accepted by all.")
    Path keysDir;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "4096",
            description = "Open connections (HTTP and WebSocket) at once; one more is answered 503 and closed. Keep it "
                    + "below the process's file-handle limit (ulimit -n) (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--request-header-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Close a connection whose next request's headers are not complete this many seconds after "
                    + "it opened or after its previous response: idle and slowloris connections (default: "
                    + "${DEFAULT-VALUE}).")
    long requestHeaderTimeoutSeconds;

    @Option(names = "--event-loops", paramLabel = "N",
            description = "Network threads serving HTTP and WebSocket connections (default: one per core, here "
                    + "${DEFAULT-VALUE}).")
    int eventLoops = GatewayServer.defaultEventLoops();

    /** Refuses option values no server can run with, before anything is opened or locked. */
    private void checkOptions() {
        if (maxConnections < 1) {
            throw CliException.usage("--max-connections must be at least 1, not " + maxConnections);
        }
        if (requestHeaderTimeoutSeconds < 1) {
            throw CliException.usage("--request-header-timeout must be at least 1 second, not "
                    + requestHeaderTimeoutSeconds);
        }
        if (eventLoops < 1) {
            throw CliException.usage("--event-loops must be at least 1, not " + eventLoops);
        }
    }

    /** The name the bundled chat example is published under. */
    static final String EXAMPLE_NAME = "quickstart-chat";

    private Node node;
    private DataDirLock lock;

    /**
     * Locks the data directory (see {@link DataDirLock}), binds the server and returns it without waiting (tests use
     * this; {@link #call()} then blocks).
     */
    DisposableServer startServer() {
        checkOptions();
        checkAddressIsFree();
        checkDiskSpace();
        lock = DataDirLock.acquire(dataDir);
        SigningKeys keys = SigningKeys.loadOrCreate(keysDir == null ? dataDir : keysDir);
        node = kafka == null ? Node.open(dataDir)
                : Node.openCluster(dataDir, KafkaLogOptions.of(kafka).withTopicPrefix(kafkaTopicPrefix)
                        .withReplication(kafkaReplication, kafkaMinInSync), WebSocketOptions.DEFAULT.outboundBuffer());
        boolean example = !noExample && node.isEmpty();
        var metrics = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        io.micrometer.core.instrument.Metrics.addRegistry(metrics);
        TokenService tokens = TokenService.local(keys);
        GatewayServer gateway = GatewayServer.builder(tokens).withDatabaseService(node)
                .withMetrics(metrics)
                .withConnectionLimits(new ConnectionLimits(maxConnections,
                        java.time.Duration.ofSeconds(requestHeaderTimeoutSeconds),
                        ConnectionLimits.DEFAULT.bodyReadTimeout()))
                .withEventLoops(eventLoops)
                .build();
        DisposableServer server = gateway.bind(listen.host(), listen.port());
        String url = "http://" + (isWildcard(listen.host()) ? "127.0.0.1" : listen.host()) + ":" + server.port();
        if (example) {
            publishExample(tokens, url);
        }
        LOG.debug("lightcone started listen={}:{} dataDir={} log={}", server.host(), server.port(),
                dataDir.toAbsolutePath(), kafka == null ? "embedded" : "kafka " + kafka);
        System.out.print(banner(url));
        System.out.flush();
        return server;
    }

    /**
     * Fails with one clear line, before anything is created on disk, when the file system holding the data directory
     * has less free space than the command log keeps in reserve (it could not write its first record).
     */
    private void checkDiskSpace() {
        Path existing = dataDir.toAbsolutePath();
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        long free;
        try {
            free = dev.lightcone.commitlog.DiskSpace.FILE_STORE.usableBytes(existing);
        } catch (IOException e) {
            return; // an unknown answer is no reason not to start; the logs check again before they write
        }
        long reserve = dev.lightcone.executor.writer.WriterStorage.COMMAND_RESERVE_BYTES;
        if (free < reserve) {
            throw new CliException("the disk holding " + dataDir + " is full: " + (free >> 20) + " MiB free, and "
                    + "Lightcone needs " + (reserve >> 20) + " MiB free to write its logs; free some space and start again");
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** What a user needs on start: where it listens, where the data is, what it serves, one thing to try. */
    private String banner(String url) {
        List<String> databases = node.servedNames();
        String version = Optional.ofNullable(StartCommand.class.getPackage().getImplementationVersion()).orElse("dev");
        String server = url.equals("http://127.0.0.1:3000") ? "" : " --server " + url;
        String tryThis = databases.contains(EXAMPLE_NAME)
                ? "bin/lightcone sql" + server + " " + EXAMPLE_NAME + " \"SELECT * FROM message\""
                : databases.isEmpty() ? "bin/lightcone publish" + server + " NAME --wasm FILE.wasm"
                : "bin/lightcone sql" + server + " " + databases.get(0) + " \"SELECT * FROM st_client\"";
        return "Lightcone " + version + " is listening on " + url + "\n"
                + "  data directory: " + dataDir.toAbsolutePath().normalize() + (kafka == null ? "" : " (command logs in Kafka " + kafka + ")") + "\n"
                + "  databases:      " + (databases.isEmpty() ? "none yet" : String.join(", ", databases)) + "\n"
                + "  try:            " + tryThis + "\n";
    }

    /** Fails with one clear line, before anything is created on disk, when the address is taken. */
    private void checkAddressIsFree() {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(listen.host(), listen.port()));
        } catch (IOException e) {
            throw new CliException(listen.host() + ":" + listen.port() + " is already in use (is another server "
                    + "running?); choose another address with --listen HOST:PORT");
        }
    }

    /**
     * Publishes the bundled chat example, owned by the identity the command line has saved for this server (minting
     * and saving one if it has none that this server accepts), so the person who started the server owns it.
     */
    private void publishExample(TokenService tokens, String url) {
        try (InputStream in = StartCommand.class.getResourceAsStream("/examples/quickstart-chat.wasm")) {
            if (in == null) {
                LOG.warn("the chat example is not bundled in this build; starting with no database");
                return;
            }
            Identity owner = localCliIdentity(tokens, url);
            PublishOutcome out = node.create(Optional.of(EXAMPLE_NAME), owner, in.readAllBytes()).get();
            if (!(out instanceof PublishOutcome.Success)) {
                LOG.warn("could not publish the chat example: {}", out instanceof PublishOutcome.Refused r
                        ? r.message() : "permission denied");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled chat example", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the example", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing the chat example failed", e.getCause());
        }
    }

    private Identity localCliIdentity(TokenService tokens, String url) {
        CliConfig config = CliConfig.load(cliConfig != null ? cliConfig : CliConfig.defaultFile());
        Optional<Identity> saved = config.identity(url).flatMap(id -> {
            try {
                return Optional.of(tokens.validate(id.token()).identity());
            } catch (AuthException e) {
                return Optional.empty(); // a token of another data directory's keys
            }
        });
        if (saved.isPresent()) {
            return saved.get();
        }
        Caller minted = tokens.mintIdentity();
        config.save(url, new CliConfig.SavedIdentity(minted.identity().toHex(), minted.token()));
        return minted.identity();
    }

    /** Closes the databases and releases the data directory (after the server is disposed). */
    void stop() {
        if (node != null) {
            node.close();
        }
        if (lock != null) {
            lock.close();
        }
    }

    /** Starts the server and serves until the process is stopped. */
    @Override
    public Integer call() {
        DisposableServer server = startServer();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("lightcone stopping");
            server.disposeNow();
            stop();
        }, "lightcone-shutdown"));
        server.onDispose().block();
        return 0;
    }
}
