package dev.lightcone.bench.load;

import dev.lightcone.bench.ExampleModule;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code FanOutBench}: many WebSocket v2 subscribers to one query on the bank, one caller of {@code transfer}. First
 * sequential calls measure how long after the send each subscriber gets its {@code TransactionUpdate}; then the
 * caller keeps {@code --window} calls in flight for {@code --duration} seconds and the bench counts the updates
 * delivered per second. Runs an embedded server; prints Markdown.
 */
@Command(name = "FanOutBench", mixinStandardHelpOptions = true,
        description = "Measure subscription fan-out: update latency per subscriber and updates delivered per second.")
public final class FanOutBench implements Callable<Integer> {
    @Option(names = "--subscribers", defaultValue = "1000", description = "Subscribers (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--accounts", defaultValue = "1000", description = "Accounts seeded (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--query", defaultValue = "SELECT * FROM accounts",
            description = "What every subscriber subscribes to (default: ${DEFAULT-VALUE}).")
    String query;

    @Option(names = "--confirmed", arity = "1", defaultValue = "false",
            description = "Updates only once durable (default: ${DEFAULT-VALUE}).")
    boolean confirmed;

    @Option(names = "--warmup-rounds", defaultValue = "200", description = "Sequential calls not measured.")
    int warmupRounds;

    @Option(names = "--rounds", defaultValue = "1000", description = "Sequential calls measured.")
    int rounds;

    @Option(names = "--window", defaultValue = "64", description = "Calls in flight in the throughput phase.")
    int window;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds of the throughput phase.")
    int duration;

    @Option(names = "--client-threads", defaultValue = "2", description = "Client event-loop threads.")
    int clientThreads;

    @Option(names = "--tmpfs", description = "Keep the data directory in /dev/shm.")
    boolean tmpfs;

    /** Runs the command line; see {@code --help}. */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new CommandLine(new FanOutBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path parent = tmpfs ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        FanOutReport report;
        try (EmbeddedServer server = EmbeddedServer.startTemporary(parent)) {
            report = run(server.baseUrl(), System.err::println);
        }
        System.out.println(report.toMarkdown());
        return report.ok() ? 0 : 1;
    }

    /** Publishes and seeds {@code bank-fanout} on the server at {@code baseUrl} and runs both phases. */
    FanOutReport run(String baseUrl, Consumer<String> log) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(clientThreads,
                new DefaultThreadFactory("fanout-client", true), NioIoHandler.newFactory());
        try {
            BankAdmin admin = new BankAdmin(baseUrl, "bank-fanout");
            admin.publish(ExampleModule.read("bank"));
            admin.seed(accounts, accounts);
            URI uri = URI.create(baseUrl.replaceFirst("^http", "ws")
                    + "/v1/database/bank-fanout/subscribe?compression=None&confirmed=" + confirmed);

            AtomicLong delivered = new AtomicLong();
            List<FanOutSubscriber> subs = new ArrayList<>();
            long subscribeStart = System.nanoTime();
            for (int i = 0; i < subscribers; i++) {
                FanOutSubscriber s = new FanOutSubscriber(query, i + 1, delivered);
                subs.add(s);
                LoadGenerator.connect(group, uri, s, s.applied);
            }
            CompletableFuture.allOf(subs.stream().map(s -> s.applied).toArray(CompletableFuture[]::new))
                    .get(300, TimeUnit.SECONDS);
            double subscribeSeconds = (System.nanoTime() - subscribeStart) / 1e9;
            log.accept(String.format("%d subscribers applied in %.2f s", subscribers, subscribeSeconds));

            FanOutCaller caller = new FanOutCaller(window);
            LoadGenerator.connect(group, uri, caller, caller.ready);
            caller.ready.get(30, TimeUnit.SECONDS);

            SplittableRandom rnd = new SplittableRandom(42);
            Histogram allServed = new Histogram(60_000_000L, 3);
            for (int i = 0; i < warmupRounds + rounds; i++) {
                if (i == warmupRounds) {
                    subs.forEach(s -> s.latencyMicros.reset());
                }
                FanOutRound r = new FanOutRound(System.nanoTime(), subscribers + 1);
                subs.forEach(s -> s.measure(r));
                int from = rnd.nextInt(accounts);
                caller.send(from, other(rnd, from, accounts), r);
                r.done.get(30, TimeUnit.SECONDS);
                if (i >= warmupRounds) {
                    allServed.recordValue((r.completedNanos() - r.sentNanos()) / 1000);
                }
            }
            subs.forEach(s -> s.measure(null));
            Histogram perUpdate = new Histogram(60_000_000L, 3);
            subs.forEach(s -> perUpdate.add(s.latencyMicros));
            log.accept("sequential phase done");

            long committed0 = caller.committed.get();
            long delivered0 = delivered.get();
            List<Thread> clientThreads = clientThreads();
            long cpu0 = ProcessStats.selfCpuNanos();
            long clientCpu0 = ProcessStats.threadsCpuNanos(clientThreads);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(duration);
            long sent = 0;
            while (System.nanoTime() < end) {
                int from = rnd.nextInt(accounts);
                caller.send(from, other(rnd, from, accounts), null);
                sent++;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long committed;
            do {
                TimeUnit.MILLISECONDS.sleep(1);
                committed = caller.committed.get() - committed0;
            } while ((delivered.get() - delivered0 < committed * subscribers
                    || committed + caller.failed.get() < sent) && System.nanoTime() < deadline);
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = ProcessStats.selfCpuNanos() - cpu0;
            long clientCpu = ProcessStats.threadsCpuNanos(clientThreads) - clientCpu0;
            return new FanOutReport(subscribers, query, accounts, confirmed, subscribeSeconds, perUpdate, allServed,
                    seconds, window, committed, committed * subscribers, delivered.get() - delivered0,
                    caller.failed.get(), subs.stream().mapToLong(s -> s.unexpected).sum(), cpu, clientCpu);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    /** The client event-loop threads (named {@code fanout-client-*}), whose CPU time is not the server's. */
    private static List<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("fanout-client")).toList();
    }

    /** A uniformly random account id other than {@code from} (a self-transfer would change no row). */
    private static int other(SplittableRandom rnd, int from, int accounts) {
        int to = rnd.nextInt(accounts - 1);
        return to >= from ? to + 1 : to;
    }
}
