package dev.lightcone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.service.DatabaseRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightcone log verify} and {@code lightcone log truncate} on a command log with a flipped bit in an old
 * segment (issue 15, item 4): verify names the segment and offset and fails; truncate backs the database up,
 * keeps the records before the damage, and the server serves the database again.
 */
class LogRepairCommandsTest {
    @TempDir
    Path dir;

    @Test
    void verifyFindsTheDamageAndTruncateRepairsItAfterABackup() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("cli.json");
        try (Cli.Served s = Cli.Served.open(data)) {
            ok(Cli.client(s.url(), config, "publish", "chat", "--wasm", Cli.module("quickstart-chat").toString()));
            for (String text : List.of("one", "two", "three")) {
                ok(Cli.client(s.url(), config, "call", "chat", "send_message", text));
            }
        }
        try (Cli.Served s = Cli.Served.open(data)) { // a second run: the first run's records are in an older segment
            for (String text : List.of("four", "five")) {
                ok(Cli.client(s.url(), config, "call", "chat", "send_message", text));
            }
        }
        Cli.Result clean = ok("log", "verify", "--data-dir", data.toString(), "--database", "chat");
        assertTrue(clean.out().contains("every record intact"), clean::toString);

        Path dbDir;
        try (Stream<Path> dbs = Files.list(data.resolve("databases"))) {
            dbDir = dbs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path seg = flipBitInLastRecord(dbDir.resolve("commands").resolve("seg-00000000000000000000"));

        Cli.Result damaged = Cli.run("log", "verify", "--data-dir", data.toString(), "--database", "chat");
        assertEquals(CliException.FAILED, damaged.exit(), damaged::toString);
        Matcher m = Pattern.compile("command log: DAMAGED at offset (\\d+) in (\\S+):").matcher(damaged.out());
        assertTrue(m.find(), damaged::toString);
        long at = Long.parseLong(m.group(1));
        assertEquals(seg.toString(), m.group(2));
        assertTrue(damaged.out().contains("lightcone log truncate --database " + dbDir.getFileName() + " --at " + at),
                damaged::toString);

        Cli.Result past = Cli.run("log", "truncate", "--data-dir", data.toString(), "--database", "chat", "--at",
                Long.toString(at + 1));
        assertEquals(CliException.FAILED, past.exit(), "cannot keep the damaged record: " + past);

        Cli.Result cut = ok("log", "truncate", "--data-dir", data.toString(), "--database", "chat", "--at",
                Long.toString(at));
        Path backup = data.resolve("backups").resolve(dbDir.getFileName() + "-before-truncate-at-" + at);
        assertTrue(cut.out().startsWith("Backed up chat ("), cut::toString);
        assertTrue(cut.out().contains("kept records 0 to " + (at - 1)), cut::toString);
        assertTrue(Files.isDirectory(backup.resolve("commands")), "the backup holds the old log");

        assertTrue(ok("log", "verify", "--data-dir", data.toString(), "--database", "chat").out()
                .contains("offsets 0 to " + (at - 1)));
        List<String> kept = messages(data);
        assertFalse(kept.contains("four") || kept.contains("five"), kept.toString());
        assertEquals(List.of("one", "two", "three").subList(0, kept.size()), kept, "a prefix of what was sent");
        assertTrue(messages(data).equals(kept), "the database serves again, the same after a second start");
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    private static List<String> messages(Path dataDir) {
        try (Node node = Node.open(dataDir)) {
            var info = node.lookup(DatabaseRef.parse("chat")).block();
            var caller = TokenService.local(SigningKeys.loadOrCreate(dataDir)).mintIdentity();
            List<String> texts = new ArrayList<>();
            node.sql(info, caller, "SELECT text FROM message", false).block().get(0).rows()
                    .forEach(row -> texts.add(row.get(0).asText()));
            return texts;
        }
    }

    /** Flips one bit inside the last record of the segment's Chronicle file. */
    private static Path flipBitInLastRecord(Path seg) throws IOException {
        Path cq4;
        try (Stream<Path> files = Files.list(seg)) {
            cq4 = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(cq4, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(4 << 20);
            ch.read(buf, 0);
            byte[] a = buf.array();
            int last = a.length - 1;
            while (a[last] == 0) {
                last--;
            }
            int at = last - 8;
            ch.write(ByteBuffer.wrap(new byte[] {(byte) (a[at] ^ 0x10)}), at);
        }
        return seg;
    }
}
