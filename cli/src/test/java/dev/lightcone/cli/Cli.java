package dev.lightcone.cli;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import reactor.netty.DisposableServer;

/** Runs {@code lightcone} commands in-process with captured output, and serves a real node for them to talk to. */
final class Cli {
    private Cli() {
    }

    /** What a command printed and returned. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** Output that a command running on another thread writes and a test reads while it runs. */
    static final class Capture {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        CommandLine commandLine() {
            CommandLine cl = LightconeCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            return cl;
        }

        /** Waits until {@code text} shows up on standard output or error. */
        void await(String text, long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            while (!out.toString().contains(text) && !err.toString().contains(text)) {
                if (System.currentTimeMillis() > end) {
                    throw new AssertionError("no '" + text + "' within " + millis + " ms\n--- out\n" + out
                            + "--- err\n" + err);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Runs {@code lightcone args…}. */
    static Result run(String... args) {
        Capture c = new Capture();
        int exit = c.commandLine().execute(args);
        return new Result(exit, c.out.toString(), c.err.toString());
    }

    /** {@code args} followed by {@code --server URL --config FILE}. */
    static String[] client(String url, Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", url, "--config", config.toString()));
        return all.toArray(String[]::new);
    }

    /** A node over {@code dir} served on a free local port. */
    record Served(Node node, DisposableServer server) implements AutoCloseable {
        static Served open(Path dir) {
            Node node = Node.open(dir);
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0);
            return new Served(node, server);
        }

        String url() {
            return "http://127.0.0.1:" + server.port();
        }

        @Override
        public void close() {
            server.disposeNow();
            node.close();
        }
    }

    /** An example module from {@code modules/dist}. */
    static Path module(String name) {
        Path d = Paths.get("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("modules").resolve("dist"))) {
            d = d.getParent();
        }
        if (d == null) {
            throw new IllegalStateException("cannot find modules/dist above " + Paths.get("").toAbsolutePath());
        }
        return d.resolve("modules").resolve("dist").resolve(name + ".wasm");
    }
}
