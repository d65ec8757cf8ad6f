package dev.lightcone.bench.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The {@code lightcone start} server as a child process of the soak, on one data directory and one port for its whole
 * life: started, killed with SIGKILL, started again. Its output goes to a log file next to the data directory.
 */
final class ServerProcess implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerProcess.class);

    /** How to run the server's JVM: everything before the {@code start} command and its options. */
    record Launch(List<String> command) {
        /** {@code java <flags> -jar lightcone.jar}: the jar {@code bin/lightcone} runs. */
        static Launch jar(Path jar, String heap, List<String> jvmOptions) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(jar + " does not exist: build it with mvn -pl cli -am package "
                        + "-DskipTests (bin/lightcone does) or give --jar");
            }
            List<String> c = java(heap, jvmOptions);
            c.add("-jar");
            c.add(jar.toString());
            return new Launch(List.copyOf(c));
        }

        /** {@code java <flags> -cp CLASSPATH dev.lightcone.cli.LightconeCommand}: the same server from a class path. */
        static Launch classPath(String classPath, String heap, List<String> jvmOptions) {
            List<String> c = java(heap, jvmOptions);
            c.add("-cp");
            c.add(classPath);
            c.add("dev.lightcone.cli.LightconeCommand");
            return new Launch(List.copyOf(c));
        }

        /**
         * This JVM's java with the flags Chronicle Queue needs (taken from this JVM's own, as bin/lightcone sets), the
         * heap, bin/lightcone's exit on running out of memory, and {@code jvmOptions}.
         */
        private static List<String> java(String heap, List<String> jvmOptions) {
            List<String> c = new ArrayList<>();
            c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("--add-") || a.startsWith("-Dchronicle") || a.startsWith("--enable-native")
                        || a.startsWith("--sun-misc")) {
                    c.add(a);
                }
            }
            c.add("-Xmx" + heap);
            c.add("-XX:+ExitOnOutOfMemoryError");
            c.addAll(jvmOptions);
            return c;
        }
    }

    private final Launch launch;
    private final Path dataDir;
    private final Path logFile;
    private final Path cliConfig;
    private final int port;
    private final int maxConnections;
    private volatile Process process;
    private int starts;
    /** Kills the server if the soak's JVM ends before closing it (so no server outlives a stopped soak or test). */
    private final Thread orphanGuard = new Thread(this::killIfAlive, "soak-server-guard");

    /** A server (not yet started) on {@code dataDir}, listening on {@code 127.0.0.1:port}. */
    ServerProcess(Launch launch, Path dataDir, Path logFile, int port, int maxConnections) {
        this.launch = launch;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.cliConfig = logFile.resolveSibling("cli.json");
        this.port = port;
        this.maxConnections = maxConnections;
    }

    /**
     * A port nobody uses now, below the kernel's ephemeral range where it can be found: the server takes it again on
     * every restart, and a client socket given the same port number as its local port while the server is down would
     * keep the server from binding it.
     */
    static int freePort() {
        int below = ephemeralRangeStart();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom();
        for (int attempt = 0; attempt < 100 && below > 11_000; attempt++) {
            int port = 10_000 + rnd.nextInt(below - 11_000);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /** The first port of {@code /proc/sys/net/ipv4/ip_local_port_range} (Linux), else 32768. */
    private static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString: procfs files report size 0, and readString then returned a short read
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts the process (the caller waits for {@code /v1/ping}). */
    synchronized void start() {
        List<String> c = new ArrayList<>(launch.command());
        c.addAll(List.of("start", "--listen", "127.0.0.1:" + port, "--data-dir", dataDir.toString(), "--no-example",
                "--config", cliConfig.toString(), "--max-connections", Integer.toString(maxConnections)));
        try {
            Files.writeString(logFile, "---- start " + (++starts) + ": " + String.join(" ", c) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(c).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (starts == 1) {
                Runtime.getRuntime().addShutdownHook(orphanGuard);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server: " + String.join(" ", c), e);
        }
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux), then waits for the process to be gone. */
    synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server process " + process.pid() + " survived SIGKILL for 60 s");
        }
    }

    /** The exit code when the process has ended (whoever ended it), else empty. */
    synchronized OptionalInt exitCode() {
        return process == null || process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Waits for {@code ping} to answer while the process lives; false when it died or the time ran out. */
    boolean awaitReady(ServerHttp http, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (exitCode().isPresent()) {
                return false;
            }
            if (http.ping(Duration.ofSeconds(5))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** The last {@code n} lines of the server's output (for a failure report). */
    String logTail(int n) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    Path logFile() {
        return logFile;
    }

    /** Stops the server normally (SIGTERM, then SIGKILL after 30 s). */
    @Override
    public synchronized void close() throws InterruptedException {
        if (starts > 0) {
            try {
                Runtime.getRuntime().removeShutdownHook(orphanGuard);
            } catch (IllegalStateException e) {
                LOG.debug("the JVM is shutting down; the guard stops the server: {}", e.getMessage());
            }
        }
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void killIfAlive() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }
}
