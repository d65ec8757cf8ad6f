package dev.lightcone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.DatabaseRef;
import dev.lightcone.gateway.service.SqlStatementResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/** The operator commands over a stopped node's data directory, filled through the real server and the CLI. */
class OperatorCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path data;
    private Path config;

    /** A data directory with database {@code chat}: published, then three messages, then the server stopped. */
    @BeforeEach
    void fill() {
        data = dir.resolve("data");
        config = dir.resolve("cli.json");
        try (Cli.Served s = Cli.Served.open(data)) {
            ok(Cli.client(s.url(), config, "publish", "chat", "--wasm", Cli.module("quickstart-chat").toString()));
            for (String text : List.of("one", "two", "three")) {
                ok(Cli.client(s.url(), config, "call", "chat", "send_message", text));
            }
        }
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    /** The {@code text} column of {@code chat}'s messages in the node over {@code dataDir}. */
    private static List<String> messages(Path dataDir) {
        try (Node node = Node.open(dataDir)) {
            DatabaseInfo info = node.lookup(DatabaseRef.parse("chat")).block();
            var caller = TokenService.local(SigningKeys.loadOrCreate(dataDir)).mintIdentity();
            List<SqlStatementResult> r = node.sql(info, caller, "SELECT text FROM message", false).block();
            List<String> texts = new ArrayList<>();
            r.get(0).rows().forEach(row -> texts.add(row.get(0).asText()));
            return texts;
        }
    }

    private List<JsonNode> inspectJson() throws Exception {
        Cli.Result r = ok("log", "inspect", "--data-dir", data.toString(), "--database", "chat", "--json");
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void inspectListsEveryRecordWithItsOutcome() throws Exception {
        Cli.Result r = ok("log", "inspect", "--data-dir", data.toString(), "--database", "chat");
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("Database chat (c200"), r::toString);
        assertTrue(lines[1].matches(" offset +\\| kind +\\| time +\\| caller +\\| function +\\| outcome"), r::toString);
        assertTrue(r.out().contains("| PublishModule "), r::toString);
        assertTrue(r.out().matches("(?s).*\\| CallReducer +\\| \\d{4}-.*\\| c200[0-9a-f]{12}… \\| send_message +\\| committed.*"),
                r::toString);

        List<JsonNode> all = inspectJson();
        assertEquals(lines.length - 4, all.size(), "a table row per record");
        assertEquals("PublishModule", all.get(0).get("kind").asText());
        assertEquals(3, all.stream().filter(e -> e.get("function").asText().equals("send_message")).count());
        assertEquals(64, all.get(1).get("caller").asText().length(), "JSON keeps full identities");

        Cli.Result page = ok("log", "inspect", "--data-dir", data.toString(), "--database", "chat", "--from", "2",
                "--limit", "2", "--json");
        List<String> pageLines = page.out().lines().toList();
        assertEquals(2, pageLines.size());
        assertEquals(2, JSON.readTree(pageLines.get(0)).get("offset").asLong());

        String id = all.get(0).get("caller").asText();
        String hex = Files.list(data.resolve("databases")).findFirst().orElseThrow().getFileName().toString();
        assertEquals(0, Cli.run("log", "inspect", "--data-dir", data.toString(), "--database", hex).exit(),
                "a database may be named by identity; owner " + id);
    }

    @Test
    void replayRebuildsTheDatabaseAsItWasAtAnOffset() throws Exception {
        List<JsonNode> records = inspectJson();
        long firstMessage = records.stream().filter(e -> e.get("function").asText().equals("send_message"))
                .findFirst().orElseThrow().get("offset").asLong();
        Path past = dir.resolve("past");
        Cli.Result r = ok("log", "replay", "--data-dir", data.toString(), "--database", "chat",
                "--to", Long.toString(firstMessage), "--target", past.toString());
        assertTrue(r.out().startsWith("Replayed " + (firstMessage + 1) + " records (offsets up to " + firstMessage
                + ") of chat (c200"), r::toString);
        assertEquals(List.of("one"), messages(past));
        assertEquals(List.of("one", "two", "three"), messages(data), "the source is untouched");

        // `lightcone start --data-dir past` serves it, and the owner's saved token still works there (same keys).
        StartCommand start = (StartCommand) LightconeCommand.commandLine().parseArgs("start", "--listen",
                "127.0.0.1:0", "--data-dir", past.toString(), "--no-example").subcommand().commandSpec().userObject();
        DisposableServer server = start.startServer();
        try {
            String url = "http://127.0.0.1:" + server.port();
            JsonNode saved = JSON.readTree(config.toFile()).path("servers");
            String token = saved.elements().next().path("token").asText();
            Cli.Result sql = ok("sql", "chat", "SELECT text FROM message", "--server", url, "--token", token);
            assertTrue(sql.out().contains("\"one\"") && sql.out().contains("(1 row)"), sql::toString);
            ok("logs", "chat", "--server", url, "--token", token);

            Cli.Result locked = Cli.run("log", "inspect", "--data-dir", past.toString(), "--database", "chat");
            assertEquals(1, locked.exit(), locked::toString);
            assertTrue(locked.err().contains("is in use") && locked.err().contains("stop the server"), locked::toString);
        } finally {
            server.disposeNow();
            start.stop();
        }

        Cli.Result again = Cli.run("log", "replay", "--data-dir", data.toString(), "--database", "chat",
                "--to", "1", "--target", past.toString());
        assertEquals(1, again.exit(), again::toString);
        assertTrue(again.err().contains("already holds database"), again::toString);

        Cli.Result beyond = Cli.run("log", "replay", "--data-dir", data.toString(), "--database", "chat",
                "--to", "100000", "--target", dir.resolve("nowhere").toString());
        assertEquals(1, beyond.exit(), beyond::toString);
        assertTrue(beyond.err().contains("offset 100000 is not in the log of chat"), beyond::toString);
        assertTrue(!Files.exists(dir.resolve("nowhere").resolve("databases")), "nothing is left behind");

        Cli.Result same = Cli.run("log", "replay", "--data-dir", data.toString(), "--database", "chat",
                "--to", "1", "--target", data.toString());
        assertEquals(2, same.exit(), same::toString);
    }

    @Test
    void operatorCommandsRefuseADataDirectoryInUse() {
        try (DataDirLock held = DataDirLock.acquire(data)) {
            for (String[] args : List.of(
                    new String[] {"log", "inspect", "--data-dir", data.toString(), "--database", "chat"},
                    new String[] {"backup", "--data-dir", data.toString(), "--database", "chat", "--out",
                            dir.resolve("b").toString()},
                    new String[] {"restore", "--backup", dir.resolve("b").toString(), "--data-dir", data.toString()})) {
                Cli.Result r = Cli.run(args);
                assertEquals(1, r.exit(), r::toString);
            }
            Cli.Result r = Cli.run("log", "inspect", "--data-dir", data.toString(), "--database", "chat");
            assertTrue(r.err().startsWith("error: the data directory " + data + " is in use"), r::toString);
        }
    }

    @Test
    void unknownDatabasesAndDirectories() {
        Cli.Result r = Cli.run("log", "inspect", "--data-dir", data.toString(), "--database", "nope");
        assertEquals(1, r.exit());
        assertEquals("error: no database `nope` in " + data + "; it holds: chat\n", r.err());
        Cli.Result missing = Cli.run("backup", "--data-dir", dir.resolve("absent").toString(), "--database", "chat",
                "--out", dir.resolve("b").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("there is no data directory"), missing::toString);
        assertTrue(!Files.exists(dir.resolve("absent")), "a missing data directory is not created");
    }

    @Test
    void backupAndRestore() throws Exception {
        Path backup = dir.resolve("backup");
        Cli.Result b = ok("backup", "--data-dir", data.toString(), "--database", "chat", "--out", backup.toString());
        assertTrue(b.out().matches("Backed up chat \\(c200[0-9a-f]{60}\\) to " + backup + ": \\d+ files, .*\n"),
                b::toString);
        assertTrue(Files.isRegularFile(backup.resolve("meta.json")));

        Cli.Result twice = Cli.run("backup", "--data-dir", data.toString(), "--database", "chat", "--out",
                backup.toString());
        assertEquals(1, twice.exit(), "a backup never overwrites one");

        Path other = dir.resolve("other");
        Cli.Result r = ok("restore", "--backup", backup.toString(), "--data-dir", other.toString());
        assertTrue(r.out().startsWith("Restored chat (c200"), r::toString);
        assertEquals(List.of("one", "two", "three"), messages(other));

        // More history in the original, then restore the older backup over it.
        try (Cli.Served s = Cli.Served.open(data)) {
            ok(Cli.client(s.url(), config, "call", "chat", "send_message", "four"));
        }
        assertEquals(List.of("one", "two", "three", "four"), messages(data));
        Cli.Result refused = Cli.run("restore", "--backup", backup.toString(), "--data-dir", data.toString());
        assertEquals(1, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("pass --force to replace it"), refused::toString);
        Cli.Result forced = ok("restore", "--backup", backup.toString(), "--data-dir", data.toString(), "--force");
        assertTrue(forced.out().startsWith("Replaced chat"), forced::toString);
        assertEquals(List.of("one", "two", "three"), messages(data));

        Cli.Result notBackup = Cli.run("restore", "--backup", dir.toString(), "--data-dir", other.toString());
        assertEquals(1, notBackup.exit());
        assertTrue(notBackup.err().contains("is not a database backup"), notBackup::toString);
    }
}
