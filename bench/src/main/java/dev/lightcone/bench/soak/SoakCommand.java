package dev.lightcone.bench.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench soak}: runs {@link Soak} against a {@code lightcone start} process and prints the report; exits 1
 * when an acknowledged call was lost or duplicated, the bank's money was not conserved, or the server stopped
 * answering (see the report's failures).
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Kill, flood and starve a lightcone server under load; check that nothing acknowledged is lost.")
public final class SoakCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--minutes", description = "How long the load runs, in minutes (default: 5).")
    Double minutes;

    @Option(names = "--seconds", description = "How long the load runs, in seconds (instead of --minutes).")
    Integer seconds;

    @Option(names = "--kill-every", defaultValue = "30",
            description = "Mean seconds between two SIGKILLs, each drawn in [0.5, 1.5] x mean (default: ${DEFAULT-VALUE}).")
    double killEvery;

    @Option(names = "--kills", description = "Exactly this many kills, spread over the run (instead of --kill-every).")
    Integer kills;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jar", paramLabel = "FILE",
            description = "The server jar (default: -Dlightcone.soak.jar, which bin/bench sets, else "
                    + "cli/target/lightcone.jar above the working directory).")
    Path jar;

    @Option(names = "--server-heap", defaultValue = "1g", description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
    String serverHeap;

    @Option(names = "--server-java-opts", paramLabel = "OPTS", defaultValue = "",
            description = "More JVM options for the server, separated by spaces (e.g. -XX:TieredStopAtLevel=1).")
    String serverJavaOpts;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the server's data and log go (must not exist or be empty; kept). Default: a temporary "
                    + "directory, deleted after a passing run.")
    Path workDir;

    @Option(names = "--accounts", defaultValue = "10000", description = "Bank accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--connections", defaultValue = "4",
            description = "WebSocket connections calling transfer (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--in-flight", defaultValue = "16",
            description = "Calls in flight per WebSocket caller (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--chat-connections", defaultValue = "2",
            description = "WebSocket connections calling send_message with markers (default: ${DEFAULT-VALUE}).")
    int chatConnections;

    @Option(names = "--chat-rate", defaultValue = "200",
            description = "send_message calls per second over those connections; 0: unpaced (default: ${DEFAULT-VALUE}).")
    double chatRate;

    @Option(names = "--http-workers", defaultValue = "2",
            description = "Threads doing HTTP calls and SQL reads (default: ${DEFAULT-VALUE}).")
    int httpWorkers;

    @Option(names = "--subscribers", defaultValue = "3",
            description = "Confirmed subscribers of the chat messages (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--max-connections", defaultValue = "256",
            description = "The server's connection cap, which floods go past (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--flood-every", defaultValue = "60",
            description = "Seconds between two connection floods; 0: none (default: ${DEFAULT-VALUE}).")
    int floodEvery;

    @Option(names = "--flood-extra", defaultValue = "64",
            description = "Idle connections a flood opens beyond the cap (default: ${DEFAULT-VALUE}).")
    int floodExtra;

    @Option(names = "--no-slow-consumer", description = "Run no subscriber that never reads.")
    boolean noSlowConsumer;

    @Option(names = "--slow-starve", defaultValue = "10",
            description = "Seconds the slow consumer reads nothing (default: ${DEFAULT-VALUE}).")
    int slowStarve;

    @Option(names = "--call-timeout", defaultValue = "60",
            description = "Seconds a call may wait on an open connection before it counts as a stall; also how long "
                    + "the server may leave /v1/ping unanswered (default: ${DEFAULT-VALUE}).")
    int callTimeout;

    @Option(names = "--restart-timeout", defaultValue = "180",
            description = "Seconds a (re)started server may take to answer /v1/ping (default: ${DEFAULT-VALUE}).")
    int restartTimeout;

    /** Runs the command line; see {@code --help}. */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new CommandLine(new SoakCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SoakConfig config;
        ServerProcess.Launch launch;
        Path dir;
        try {
            Duration duration = seconds != null ? Duration.ofSeconds(seconds)
                    : Duration.ofMillis((long) ((minutes == null ? 5 : minutes) * 60_000));
            config = new SoakConfig(duration, killEvery,
                    kills == null ? OptionalInt.empty() : OptionalInt.of(kills), seed, accounts, connections, inFlight,
                    chatConnections, chatRate, httpWorkers, subscribers, maxConnections, floodEvery, floodExtra,
                    !noSlowConsumer, slowStarve, Duration.ofSeconds(restartTimeout), Duration.ofSeconds(callTimeout));
            launch = ServerProcess.Launch.jar(jar != null ? jar
                    : System.getProperty("lightcone.soak.jar") != null ? Path.of(System.getProperty("lightcone.soak.jar"))
                    : findJar(), serverHeap,
                    serverJavaOpts.isBlank() ? java.util.List.of() : java.util.List.of(serverJavaOpts.trim().split("\\s+")));
            dir = workDir == null ? Files.createTempDirectory("lightcone-soak-") : prepare(workDir);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Duration duration = config.duration();
        boolean temporary = workDir == null;
        System.err.println("soak: " + duration.toSeconds() + " s, work directory " + dir);
        SoakReport report = Soak.run(config, launch, dir, System.err::println);
        System.out.print(report.toText());
        if (temporary && report.passed()) {
            deleteTree(dir);
        }
        return report.passed() ? 0 : 1;
    }

    private static Path prepare(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty: give a new or empty --work-dir");
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** {@code cli/target/lightcone.jar} in the working directory or a parent. */
    private static Path findJar() {
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("cli").resolve("target").resolve("lightcone.jar");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("cli/target/lightcone.jar not found above " + Paths.get("").toAbsolutePath()
                + ": build it (bin/lightcone does) or give --jar");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
