package dev.lightcone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a real node served over HTTP and WebSocket, with the chat example module. */
class ClientCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Cli.Served served;
    private static Path config;

    @BeforeAll
    static void serve() {
        served = Cli.Served.open(dir.resolve("data"));
        config = dir.resolve("cli.json");
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    private static Cli.Result run(String... args) {
        return Cli.run(Cli.client(served.url(), config, args));
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = run(args);
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    private static String chat(String name) {
        ok("publish", name, "--wasm", Cli.module("quickstart-chat").toString());
        return name;
    }

    @Test
    void publishCallSqlAndLogs() throws Exception {
        Cli.Result pub = ok("publish", "chat", "--wasm", Cli.module("quickstart-chat").toString());
        assertTrue(pub.out().startsWith("Created new database with name: chat, identity: c200"), pub::toString);
        JsonNode saved = JSON.readTree(config.toFile()).path("servers").path(served.url());
        assertTrue(saved.path("token").asText().contains("."), "the minted token is saved: " + saved);

        ok("call", "chat", "send_message", "hello world");
        ok("call", "chat", "set_name", "\"Alice\"");

        Cli.Result messages = ok("sql", "chat", "SELECT * FROM message");
        String[] lines = messages.out().split("\n");
        assertEquals(" sender", lines[0].substring(0, 7), messages::toString);
        assertTrue(lines[0].contains("| sent") && lines[0].contains("| text"), messages::toString);
        assertTrue(lines[1].matches("-+\\+-+\\+-+"), messages::toString);
        assertTrue(lines[2].startsWith(" 0x" + saved.path("identity").asText()), messages::toString);
        assertTrue(lines[2].matches(".*\\| \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z *\\| \"hello world\""), messages::toString);
        assertEquals("(1 row)", lines[3]);

        Cli.Result users = ok("sql", "chat", "SELECT name, online FROM user");
        // The query runs inside its own client connection, so quickstart-chat marks the caller online meanwhile.
        assertTrue(users.out().contains("(some = \"Alice\") | true"), users::toString);

        Cli.Result json = ok("sql", "chat", "SELECT * FROM message", "--json");
        JsonNode row = JSON.readTree(json.out()).get(0);
        assertEquals("hello world", row.get("text").asText());
        assertEquals("0x" + saved.path("identity").asText(), row.get("sender").asText());

        Cli.Result logs = ok("logs", "chat");
        assertTrue(logs.out().matches("(?s).*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z INFO  \\[send_message\\] "
                + "hello world\n.*"), logs::toString);
        Cli.Result last = ok("logs", "chat", "-n", "1", "--json");
        assertEquals(1, last.out().strip().lines().count(), last::toString);

        Cli.Result update = ok("publish", "chat", "--wasm", Cli.module("quickstart-chat").toString());
        assertTrue(update.out().contains("Database Migration Plan"), "the plan is shown: " + update);
        assertTrue(update.out().contains("\nUpdated database with name: chat"), update::toString);
        assertTrue(ok("sql", "chat", "SELECT * FROM message").out().contains("(1 row)"), "rows survive the update");
        ok("publish", "chat", "--wasm", Cli.module("quickstart-chat").toString(), "--clear");
        assertTrue(ok("sql", "chat", "SELECT * FROM message").out().contains("(0 rows)"), "--clear drops the rows");
    }

    @Test
    void publishWithoutANameAndAsJson() throws Exception {
        Cli.Result r = ok("publish", "--wasm", Cli.module("bank").toString(), "--json");
        JsonNode body = JSON.readTree(r.out()).get("Success");
        assertEquals("created", body.get("op").asText());
        assertTrue(body.get("domain").isNull());
        String id = body.get("database_identity").asText();
        assertTrue(ok("sql", id, "SELECT * FROM accounts").out().contains("(0 rows)"));
    }

    @Test
    void callFailuresShowTheServersText() throws Exception {
        chat("chat-errors");
        Cli.Result unknown = run("call", "chat-errors", "no_such_reducer");
        assertEquals(1, unknown.exit(), unknown::toString);
        assertTrue(unknown.err().startsWith("error: no such reducer"), unknown::toString);
        assertTrue(unknown.err().contains("(HTTP 404)"), unknown::toString);

        Cli.Result badJson = run("call", "chat-errors", "send_message", "{\"text\":");
        assertEquals(2, badJson.exit(), badJson::toString);
        assertTrue(badJson.err().contains("argument 1 is not valid JSON"), badJson::toString);

        Cli.Result badType = run("call", "chat-errors", "send_message", "42");
        assertEquals(1, badType.exit(), badType::toString);
        assertTrue(badType.err().contains("invalid arguments for reducer send_message"), badType::toString);
        assertTrue(badType.err().contains("(HTTP 400)"), badType::toString);

        Cli.Result failed = run("call", "chat-errors", "send_message", "\"\"");
        assertEquals(1, failed.exit(), failed::toString);
        assertEquals("error: the reducer `send_message` failed: Messages must not be empty\n", failed.err());

        Cli.Result noDb = run("call", "nope", "send_message", "x");
        assertEquals(1, noDb.exit());
        assertEquals("error: No such database. (HTTP 404)\n", noDb.err());

        Cli.Result sql = run("sql", "chat-errors", "SELECT * FROM nothing_here");
        assertEquals(1, sql.exit(), sql::toString);
        assertTrue(sql.err().contains("nothing_here") && sql.err().contains("(HTTP 400)"), sql::toString);
    }

    @Test
    void publishRefusals() throws Exception {
        chat("chat-owned");
        Cli.Result other = run("publish", "chat-owned", "--wasm", Cli.module("quickstart-chat").toString(),
                "--anonymous");
        assertEquals(1, other.exit(), other::toString);
        assertTrue(other.err().contains("permission denied"), other::toString);

        Path notWasm = dir.resolve("not.wasm");
        Files.writeString(notWasm, "hello");
        Cli.Result bad = run("publish", "x", "--wasm", notWasm.toString());
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("not a WebAssembly module: " + notWasm), bad::toString);
        Cli.Result noFile = run("publish", "x", "--wasm", dir.resolve("typo.wasm").toString());
        assertEquals(2, noFile.exit(), noFile::toString);
        assertTrue(noFile.err().contains("no such file: " + dir.resolve("typo.wasm")), noFile::toString);

        Cli.Result missing = run("publish", "x");
        assertEquals(2, missing.exit(), "--wasm is required");

        Cli.Result anonymous = run("logs", "chat-owned", "--anonymous");
        assertEquals(1, anonymous.exit(), anonymous::toString);
        assertTrue(anonymous.err().contains("Authorization required"), anonymous::toString);
        Cli.Result stranger = Cli.run(Cli.client(served.url(), dir.resolve("stranger.json"), "logs", "chat-owned"));
        assertEquals(1, stranger.exit(), stranger::toString);
        assertTrue(stranger.err().contains("only the owner of a database may read its logs"), stranger::toString);
    }

    @Test
    void subscribePrintsTheUpdateOfAConcurrentCall() throws Exception {
        chat("chat-sub");
        ok("call", "chat-sub", "send_message", "before");
        Cli.Capture c = new Cli.Capture();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> c.commandLine().execute(
                Cli.client(served.url(), config, "subscribe", "chat-sub", "SELECT * FROM message", "-n", "1",
                        "--print-initial", "--timeout", "30")));
        c.await("subscribed to 1 query", 10_000);
        ok("call", "chat-sub", "send_message", "during");
        assertEquals(0, exit.get(30, TimeUnit.SECONDS), () -> c.out + "\n" + c.err);

        String[] lines = c.out.toString().split("\n");
        assertEquals(2, lines.length, c.out::toString);
        JsonNode initial = JSON.readTree(lines[0]).get("message");
        assertEquals("before", initial.get("inserts").get(0).get("text").asText());
        JsonNode update = JSON.readTree(lines[1]).get("message");
        assertEquals(0, update.get("deletes").size());
        JsonNode row = update.get("inserts").get(0);
        assertEquals("during", row.get("text").asText());
        assertTrue(row.get("sender").asText().startsWith("0xc200"), row::toString);
        assertTrue(row.get("sent").asText().endsWith("Z"), row::toString);
        assertTrue(c.err.toString().contains("(v3.bsatn.spacetimedb)"), c.err::toString);
    }

    @Test
    void subscribeOverV2SeesUpdatesAndDeletes() throws Exception {
        chat("chat-v2");
        Cli.Capture c = new Cli.Capture();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> c.commandLine().execute(
                Cli.client(served.url(), config, "subscribe", "chat-v2", "SELECT * FROM user", "-n", "2",
                        "--protocol", "v2", "--timeout", "30")));
        c.await("subscribed", 10_000);
        ok("call", "chat-v2", "set_name", "Bob");
        ok("call", "chat-v2", "set_name", "Carol");
        assertEquals(0, exit.get(30, TimeUnit.SECONDS), () -> c.out + "\n" + c.err);
        assertTrue(c.err.toString().contains("(v2.bsatn.spacetimedb)"), c.err::toString);
        // Each HTTP call connects (online), runs, disconnects (offline): one update per committed transaction.
        assertTrue(c.out.toString().contains("\"name\":\"Bob\""), c.out::toString);
        assertTrue(c.out.toString().contains("\"deletes\":[{"), c.out::toString);
    }

    @Test
    void subscribeErrors() {
        chat("chat-suberr");
        Cli.Result bad = run("subscribe", "chat-suberr", "SELECT * FROM nothing_here", "--timeout", "10");
        assertEquals(1, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("the subscription failed"), bad::toString);
        Cli.Result none = run("subscribe", "nope", "SELECT * FROM message", "--timeout", "10");
        assertEquals(1, none.exit(), none::toString);
        assertTrue(none.err().contains("No such database."), none::toString);
        Cli.Result quiet = run("subscribe", "chat-suberr", "SELECT * FROM message", "-n", "1", "--timeout", "1");
        assertEquals(1, quiet.exit(), quiet::toString);
        assertTrue(quiet.err().contains("timed out after 1 s with 0 of 1 updates"), quiet::toString);
    }

    @Test
    void logsFollowPrintsNewLinesUntilInterrupted() throws Exception {
        chat("chat-follow");
        ok("call", "chat-follow", "send_message", "first");
        Cli.Capture c = new Cli.Capture();
        Thread t = new Thread(() -> c.commandLine().execute(
                Cli.client(served.url(), config, "logs", "chat-follow", "-f")));
        t.start();
        c.await("[send_message] first", 10_000);
        ok("call", "chat-follow", "send_message", "second");
        c.await("[send_message] second", 10_000);
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive(), "interrupting ends the follow");
        assertFalse(c.err.toString().contains("error"), c.err::toString);
    }

    @Test
    void loginAndLogout() throws Exception {
        Path cfg = dir.resolve("other.json");
        Cli.Result login = Cli.run(Cli.client(served.url(), cfg, "login"));
        assertEquals(0, login.exit(), login::toString);
        String identity = JSON.readTree(cfg.toFile()).path("servers").path(served.url()).path("identity").asText();
        assertEquals("Logged in to " + served.url() + " as " + identity + "\n", login.out());
        assertTrue(login.err().startsWith("Saved a new identity " + identity), login::toString);
        String token = JSON.readTree(cfg.toFile()).path("servers").path(served.url()).path("token").asText();

        Cli.Result logout = Cli.run(Cli.client(served.url(), cfg, "logout"));
        assertTrue(logout.out().startsWith("Forgot the identity"), logout::toString);
        Cli.Result again = Cli.run(Cli.client(served.url(), cfg, "login", "--token", token));
        assertEquals("Logged in to " + served.url() + " as " + identity + "\n", again.out(), again::toString);

        Cli.Result refused = Cli.run(Cli.client(served.url(), cfg, "login", "--token", "a.b.c"));
        assertEquals(1, refused.exit(), refused::toString);
    }

    @Test
    void unreachableServer() {
        Cli.Result r = Cli.run("sql", "chat", "SELECT 1", "--server", "http://127.0.0.1:1", "--anonymous");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("cannot reach the server at http://127.0.0.1:1"), r::toString);
    }
}
