package dev.lightcone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.SigningKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;

/** The {@code lightcone} command line: option parsing and {@code start}. */
class LightconeCommandTest {

    @Test
    void startDefaults() {
        CommandLine cl = LightconeCommand.commandLine();
        CommandLine.ParseResult r = cl.parseArgs("start");
        StartCommand start = (StartCommand) r.subcommand().commandSpec().userObject();
        assertEquals(new HostPort("127.0.0.1", 3000), start.listen);
        assertEquals(Path.of("lightcone-data"), start.dataDir);
    }

    @Test
    void listenAddresses() {
        assertEquals(new HostPort("0.0.0.0", 80), HostPort.parse("0.0.0.0:80"));
        assertEquals(new HostPort("::1", 3000), HostPort.parse("[::1]:3000"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost:x"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost:70000"));
        CommandLine cl = LightconeCommand.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("start", "--listen", "nope"));
    }

    @Test
    void startServesTheIdentityRoutesAndKeepsItsKeys(@TempDir Path dir) {
        CommandLine cl = LightconeCommand.commandLine();
        Path config = dir.resolve("cli.json");
        StartCommand start = (StartCommand) cl.parseArgs("start", "--listen", "127.0.0.1:0", "--data-dir",
                dir.resolve("data").toString(), "--config", config.toString()).subcommand().commandSpec().userObject();
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        DisposableServer server;
        try {
            server = start.startServer();
        } finally {
            System.setOut(stdout);
        }
        Path data = dir.resolve("data");
        try {
            // Start-up says where it listens, where the data is, what it serves and one thing to try.
            String url = "http://127.0.0.1:" + server.port();
            String banner = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(banner.startsWith("Lightcone ") && banner.contains(" is listening on " + url + "\n"), banner);
            assertTrue(banner.contains("  data directory: " + data.toAbsolutePath().normalize() + "\n"), banner);
            assertTrue(banner.contains("  databases:      quickstart-chat\n"), banner);
            assertTrue(banner.contains("  try:            bin/lightcone sql --server " + url
                    + " quickstart-chat \"SELECT * FROM message\""), banner);
            // The bundled example is owned by the identity the command line saved for this server.
            CliConfig.SavedIdentity saved = CliConfig.load(config).identity(url).orElseThrow();
            HttpClient owned = HttpClient.create().baseUrl(url);
            String owner = owned.get().uri("/v1/database/quickstart-chat").responseContent().aggregate().asString()
                    .block(Duration.ofSeconds(5));
            assertTrue(owner.contains("\"owner_identity\":\"" + saved.identity() + "\""), owner);
            assertTrue(Files.exists(data.resolve(SigningKeys.PRIVATE_KEY_FILE)));
            HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port());
            assertEquals(200, client.get().uri("/v1/ping").response().block(Duration.ofSeconds(5)).status().code());
            String pem = client.get().uri("/v1/identity/public-key").responseContent().aggregate().asString()
                    .block(Duration.ofSeconds(5));
            assertEquals(SigningKeys.loadOrCreate(data).publicKeyPem(), pem);
            assertEquals(404, client.get().uri("/v1/database/x/identity").response().block(Duration.ofSeconds(5))
                    .status().code(), "no database x");
        } finally {
            server.disposeNow();
            start.stop();
        }
    }

    @Test
    void startOnATakenAddressSaysSoInOneLineAndCreatesNothing(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path data = dir.resolve("data");
            CommandLine cl = LightconeCommand.commandLine();
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("start", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--data-dir", data.toString());
            assertEquals(CliException.FAILED, code);
            String out = err.toString().strip();
            assertEquals(1, out.lines().count(), out);
            assertTrue(out.contains("127.0.0.1:" + taken.getLocalPort() + " is already in use"), out);
            assertTrue(!Files.exists(data), "nothing is created on disk");
        }
    }

    /** Numbers no server can run with are refused in one line, before anything is locked or created. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"--event-loops,0", "--max-connections,0", "--request-header-timeout,-1"})
    void impossibleNumbersAreRefusedInOneLineAndCreateNothing(String option, String value, @TempDir Path dir) {
        Path data = dir.resolve("data");
        CommandLine cl = LightconeCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("start", "--listen", "127.0.0.1:0", "--data-dir", data.toString(), option, value);
        assertEquals(CliException.USAGE, code);
        String out = err.toString().strip();
        assertEquals("error: " + option + " must be at least 1" + (option.endsWith("timeout") ? " second" : "")
                + ", not " + value, out);
        assertTrue(!Files.exists(data), "nothing is created on disk");
    }

    @Test
    void eventLoopsDefaultToOnePerCore() {
        StartCommand start = (StartCommand) LightconeCommand.commandLine().parseArgs("start").subcommand().commandSpec()
                .userObject();
        assertEquals(Runtime.getRuntime().availableProcessors(), start.eventLoops);
    }
}
