package dev.lightcone.bench.load;

import dev.lightcone.bench.ExampleModule;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The keynote-style load generator: publishes and seeds the {@code bank} module, opens WebSocket v2 connections
 * ({@code v2.bsatn.spacetimedb}, no compression) that each keep calls to {@code transfer(from, to, 1)} in flight with
 * Zipf-distributed accounts, measures after a warm-up, lets the calls in flight finish and checks that the bank's
 * total balance did not change.
 */
public final class LoadGenerator {
    /** The generator's client threads are named with this prefix (and counted apart from the server's). */
    static final String CLIENT_THREAD_PREFIX = "load-client";

    /** Seed in one reducer call up to this many accounts at a time. */
    private static final int SEED_CHUNK = 100_000;
    /** How many of the busiest thread groups the report lists. */
    private static final int BUSIEST = 8;

    /**
     * The server under load.
     *
     * @param baseUrl     HTTP base address, {@code http://host:port}
     * @param database    database name
     * @param publish     publish {@code modules/dist/bank.wasm} under the name first (else it must exist)
     * @param embedded    the server runs in this JVM (CPU and memory are read from this process)
     * @param serverPid   a server process on this machine to read CPU and memory from
     * @param description how the report names the server
     */
    public record Target(String baseUrl, String database, boolean publish, boolean embedded, OptionalLong serverPid,
            String description) {
    }

    private LoadGenerator() {
    }

    /** Runs one load run against {@code target}; {@code log} gets progress lines. */
    public static LoadReport run(Target target, LoadConfig config, java.util.function.Consumer<String> log)
            throws InterruptedException {
        BankAdmin admin = new BankAdmin(target.baseUrl(), target.database());
        if (target.publish()) {
            admin.publish(ExampleModule.read("bank"));
        }
        long seedStart = System.nanoTime();
        admin.seed(config.accounts(), SEED_CHUNK);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        BankAdmin.Totals before = admin.totals();
        log.accept(String.format("seeded %,d accounts in %.1f s; total balance %,d", before.accounts(), seedSeconds,
                before.balance()));

        List<Thread> clientThreads = new CopyOnWriteArrayList<>();
        ThreadFactory base = new DefaultThreadFactory(CLIENT_THREAD_PREFIX, true);
        ThreadFactory tf = r -> {
            Thread t = base.newThread(r);
            clientThreads.add(t);
            return t;
        };
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.clientThreads(), tf, NioIoHandler.newFactory());
        List<LoadConnection> conns = new ArrayList<>();
        try {
            ZipfSampler sampler = new ZipfSampler(config.accounts(), config.zipfAlpha());
            URI uri = URI.create(target.baseUrl().replaceFirst("^http", "ws") + "/v1/database/"
                    + URLEncoder.encode(target.database(), StandardCharsets.UTF_8) + "/subscribe?compression=None"
                    + "&confirmed=" + config.confirmed());
            for (int i = 0; i < config.connections(); i++) {
                LoadConnection c = new LoadConnection(config.inFlight(), sampler, config.seed() + i,
                        config.rate() / config.connections(), TimeUnit.SECONDS.toNanos(config.timeoutSeconds()));
                conns.add(c);
                connect(group, uri, c, c.ready);
            }
            await(CompletableFuture.allOf(conns.stream().map(c -> c.ready).toArray(CompletableFuture[]::new)), 60,
                    "connections ready");
            log.accept(config.connections() + " connections ready");

            long start = System.nanoTime() + 10_000_000L;
            long measureFrom = start + TimeUnit.SECONDS.toNanos(config.warmupSeconds());
            long end = measureFrom + TimeUnit.SECONDS.toNanos(config.durationSeconds());
            LoadConnection.Phases phases = new LoadConnection.Phases(start, measureFrom, end);
            conns.forEach(c -> c.start(phases));
            List<ScheduledFuture<?>> tickers = startTickers(conns, config.rate() > 0 ? 1 : 100);
            sleepUntil(measureFrom);
            CpuSample cpu0 = CpuSample.take(target, clientThreads);
            sleepUntil(end);
            CpuSample cpu1 = CpuSample.take(target, clientThreads);
            try {
                await(CompletableFuture.allOf(conns.stream().map(c -> c.drained).toArray(CompletableFuture[]::new)),
                        config.timeoutSeconds(), "calls in flight to finish");
            } catch (IllegalStateException e) {
                log.accept(e.getMessage() + "; counting the rest as timed out");
            }
            tickers.forEach(t -> t.cancel(false));
            await(CompletableFuture.allOf(conns.stream().map(LoadConnection::close).toArray(CompletableFuture[]::new)),
                    30, "connections closed");

            LoadReport.Cpu cpu = CpuSample.between(target, cpu0, cpu1, (end - measureFrom) / 1e9);
            long heap = target.embedded() ? ProcessStats.heapAfterGc() : -1;
            String pid = target.embedded() ? "self"
                    : target.serverPid().isPresent() ? Long.toString(target.serverPid().getAsLong()) : null;
            long rss = pid == null ? -1 : ProcessStats.statusBytes(pid, "VmRSS");
            long hwm = pid == null ? -1 : ProcessStats.statusBytes(pid, "VmHWM");
            BankAdmin.Totals after = admin.totals();
            return collect(config, target, seedSeconds, conns, cpu, heap, rss, hwm, before, after);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Opens a WebSocket v2 client connection ({@code v2.bsatn.spacetimedb}) with {@code handler} last in the pipeline;
     * a failed connect completes {@code ready} exceptionally.
     */
    static void connect(EventLoopGroup group, URI uri, ChannelHandler handler, CompletableFuture<Void> ready) {
        WebSocketClientProtocolConfig ws = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                .subprotocol("v2.bsatn.spacetimedb").maxFramePayloadLength(64 << 20).handshakeTimeoutMillis(60_000)
                .build();
        ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new WebSocketClientProtocolHandler(ws), handler);
                    }
                }).connect(uri.getHost(), uri.getPort());
        f.addListener(r -> {
            if (!r.isSuccess()) {
                ready.completeExceptionally(r.cause());
            }
        });
    }

    /** One ticker per event loop, ticking that loop's connections (one timer per connection costs far more). */
    private static List<ScheduledFuture<?>> startTickers(List<LoadConnection> conns, long periodMillis) {
        Map<EventLoop, List<LoadConnection>> byLoop = new LinkedHashMap<>();
        conns.forEach(c -> byLoop.computeIfAbsent(c.eventLoop(), l -> new ArrayList<>()).add(c));
        List<ScheduledFuture<?>> tickers = new ArrayList<>();
        byLoop.forEach((loop, cs) -> tickers.add(loop.scheduleAtFixedRate(() -> cs.forEach(LoadConnection::tick),
                periodMillis, periodMillis, TimeUnit.MILLISECONDS)));
        return tickers;
    }

    /**
     * CPU times at one moment (nanoseconds; -1 unknown) of the server process, this JVM, the generator's threads, the
     * machine and (embedded) this JVM's thread groups.
     */
    private record CpuSample(long server, long self, long client, long machine, double loadAverage,
            Map<String, Long> serverSwitches, Map<String, Long> threads, Map<String, Long> allocated, long jitMillis) {
        static CpuSample take(Target target, List<Thread> clientThreads) {
            long server = target.serverPid().isPresent()
                    ? ProcessStats.processCpuNanos(target.serverPid().getAsLong()) : -1;
            Map<String, Long> switches = target.embedded()
                    ? ProcessStats.voluntarySwitchesByThread("self", CLIENT_THREAD_PREFIX)
                    : target.serverPid().isPresent()
                            ? ProcessStats.voluntarySwitchesByThread(Long.toString(target.serverPid().getAsLong()), "")
                            : Map.of();
            return new CpuSample(server, ProcessStats.selfCpuNanos(), ProcessStats.threadsCpuNanos(clientThreads),
                    ProcessStats.machineBusyNanos(), ProcessStats.loadAverage(), switches,
                    target.embedded() ? ProcessStats.cpuByThreadGroup() : Map.of(),
                    target.embedded() ? ProcessStats.allocatedByThreadGroup() : Map.of(),
                    target.embedded() ? ProcessStats.jitMillis() : -1);
        }

        /** Cores used between two samples {@code wall} seconds apart. */
        static LoadReport.Cpu between(Target target, CpuSample a, CpuSample b, double wall) {
            double client = (b.client - a.client) / 1e9 / wall;
            double server;
            double generator;
            if (target.embedded()) {
                server = (b.self - a.self) / 1e9 / wall - client;
                generator = client;
            } else {
                server = a.server < 0 || b.server < 0 ? Double.NaN : (b.server - a.server) / 1e9 / wall;
                generator = (b.self - a.self) / 1e9 / wall;
            }
            double machine = a.machine < 0 || b.machine < 0 ? Double.NaN : (b.machine - a.machine) / 1e9 / wall;
            long switches = b.serverSwitches.values().stream().mapToLong(Long::longValue).sum()
                    - a.serverSwitches.values().stream().mapToLong(Long::longValue).sum();
            double wakeups = b.serverSwitches.isEmpty() ? Double.NaN : switches / wall;
            double jit = a.jitMillis < 0 || b.jitMillis < 0 ? Double.NaN : (b.jitMillis - a.jitMillis) / 1e3 / wall;
            return new LoadReport.Cpu(server, generator, machine, a.loadAverage, b.loadAverage, wakeups,
                    busiest(a.serverSwitches, b.serverSwitches, wall, 1), busiest(a.threads, b.threads, wall, 1e9), jit,
                    busiest(a.allocated, b.allocated, wall, 1));
        }
    }

    private static LoadReport collect(LoadConfig config, Target target, double seedSeconds, List<LoadConnection> conns,
            LoadReport.Cpu cpu, long heap, long rss, long hwm, BankAdmin.Totals before,
            BankAdmin.Totals after) {
        Histogram latency = new Histogram(60_000_000L, 3);
        long[] perSecond = new long[config.durationSeconds()];
        long committedMeasured = 0;
        long sent = 0;
        long committed = 0;
        long errs = 0;
        long internal = 0;
        long timeouts = 0;
        long late = 0;
        long protocol = 0;
        TreeMap<String, Long> kinds = new TreeMap<>();
        for (LoadConnection c : conns) {
            latency.add(c.latencyMicros);
            for (int s = 0; s < Math.min(perSecond.length, c.committedPerSecond.length); s++) {
                perSecond[s] += c.committedPerSecond[s];
            }
            committedMeasured += c.committedMeasured;
            sent += c.sent;
            committed += c.committed;
            errs += c.errs;
            internal += c.internalErrors;
            timeouts += c.timeouts;
            late += c.lateResults;
            protocol += c.protocolErrors;
            c.errorKinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
        }
        return new LoadReport(config, target.description(), seedSeconds, committedMeasured, perSecond, latency, sent,
                committed, errs, internal, timeouts, late, protocol, kinds, cpu, heap, rss, hwm, before, after);
    }

    /**
     * The {@value #BUSIEST} thread groups whose count (CPU nanoseconds, wake-ups or bytes) grew most between two snapshots,
     * per second of {@code wall} (nanoseconds: cores), largest first.
     */
    private static Map<String, Double> busiest(Map<String, Long> before, Map<String, Long> after, double wall,
            double unit) {
        Map<String, Double> top = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / unit / wall))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(BUSIEST)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static void await(CompletableFuture<?> f, int seconds, String what) throws InterruptedException {
        try {
            f.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed waiting for " + what + ": " + e.getCause(), e.getCause());
        }
    }
}
