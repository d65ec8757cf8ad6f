package dev.lightcone.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code LoadBench}: the bank transfer load test from the command line, against a running server or one started in
 * this JVM. Prints a Markdown table; exits 1 when the balance was not conserved or the protocol misbehaved.
 */
@Command(name = "LoadBench", mixinStandardHelpOptions = true,
        description = "Drive bank transfers over WebSocket v2 and report throughput, latency and errors.")
public final class LoadBench implements Callable<Integer> {
    @Option(names = "--server", paramLabel = "URL",
            description = "A running server, ws://host:port or http://host:port (else --embedded).")
    String server;

    @Option(names = "--database", defaultValue = "bank-load",
            description = "Database name (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = "--no-publish", description = "With --server: use an existing bank database instead of publishing.")
    boolean noPublish;

    @Option(names = "--server-pid", description = "With --server: read the server's CPU and memory from /proc/PID.")
    Long serverPid;

    @Option(names = "--embedded", description = "Start a server in this JVM.")
    boolean embedded;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "With --embedded: the (empty) data directory, kept afterwards (default: a temporary one).")
    Path dataDir;

    @Option(names = "--tmpfs", description = "With --embedded: a temporary data directory in /dev/shm.")
    boolean tmpfs;

    @Option(names = "--kafka-nodes", defaultValue = "0",
            description = "With --embedded: distributed mode, this many nodes on an embedded Kafka (KRaft) broker in "
                    + "this JVM (or on --kafka); connections go to the first node, every node applies the log.")
    int kafkaNodes;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "With --kafka-nodes: use these brokers instead of starting one.")
    String kafka;

    @Option(names = "--accounts", defaultValue = "100000", description = "Accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--connections", defaultValue = "64", description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--in-flight", defaultValue = "40",
            description = "Calls in flight per connection (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--zipf", defaultValue = "0",
            description = "Zipf exponent of the account draws (default: ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--confirmed", arity = "1", defaultValue = "true",
            description = "Results only once durable (default: ${DEFAULT-VALUE}).")
    boolean confirmed;

    @Option(names = "--warmup", defaultValue = "30",
            description = "Warm-up seconds, discarded (default: ${DEFAULT-VALUE}; the JIT takes about a minute to "
                    + "settle on 2 cores: the report says how much it compiled while measuring).")
    int warmup;

    @Option(names = "--duration", defaultValue = "10", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--rate", defaultValue = "0",
            description = "Total calls/s, paced evenly over the connections; 0 = as fast as results come back.")
    double rate;

    @Option(names = "--timeout", defaultValue = "10", description = "Seconds before a call counts as timed out.")
    int timeout;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed of the account draws.")
    long seed;

    @Option(names = "--client-threads", defaultValue = "2", description = "Generator event-loop threads.")
    int clientThreads;

    /** Runs the command line; see {@code --help}. */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new CommandLine(new LoadBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if ((server == null) == !embedded) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "give exactly one of --server and --embedded");
        }
        LoadConfig config = new LoadConfig(accounts, connections, inFlight, zipf, confirmed, warmup, duration, rate,
                timeout, seed, clientThreads);
        LoadReport report;
        if (embedded) {
            Path parent = tmpfs ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
            dev.lightcone.commitlog.kafka.EmbeddedKafka broker = kafkaNodes > 0 && kafka == null
                    ? dev.lightcone.commitlog.kafka.EmbeddedKafka.start(1) : null;
            String bootstrap = broker != null ? broker.bootstrapServers() : kafka;
            try (EmbeddedServer s = kafkaNodes > 0 ? EmbeddedServer.startCluster(parent, bootstrap, kafkaNodes)
                    : dataDir != null ? EmbeddedServer.start(dataDir) : EmbeddedServer.startTemporary(parent)) {
                String where = kafkaNodes > 0
                        ? String.format("embedded, %d nodes, command log on Kafka %s%s, data in %s", kafkaNodes, bootstrap,
                                broker != null ? " (a broker in this JVM)" : "", s.dataDir())
                        : String.format("embedded, data in %s (%s)", s.dataDir(), Files.getFileStore(s.dataDir()).type());
                System.err.println(where);
                report = LoadGenerator.run(new LoadGenerator.Target(s.baseUrl(), database, true, true,
                        OptionalLong.empty(), where), config, System.err::println);
            } finally {
                if (broker != null) {
                    broker.close();
                }
            }
        } else {
            String base = server.replaceFirst("^ws", "http");
            report = LoadGenerator.run(new LoadGenerator.Target(base, database, !noPublish, false,
                    serverPid == null ? OptionalLong.empty() : OptionalLong.of(serverPid), base), config,
                    System.err::println);
        }
        System.out.println(report.toMarkdown());
        return report.balanceConserved() && report.protocolErrors() == 0 ? 0 : 1;
    }
}
