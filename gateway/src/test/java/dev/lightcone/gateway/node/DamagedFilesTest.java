package dev.lightcone.gateway.node;

import static dev.lightcone.gateway.node.NodeSqlTest.OWNER;
import static dev.lightcone.gateway.node.NodeSqlTest.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.DatabaseRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/**
 * A flipped bit in one database's files (issue 15, item 4): damaged derived data (the effect log) is rebuilt
 * from the command log at start-up; a damaged command log makes that database alone unavailable, with a message
 * naming the segment and offset, while the others serve.
 */
class DamagedFilesTest {
    /** Two runs of 50 inserts each, so the first run's records sit in an older segment that opening never scans. */
    static void fill(Path dir, String name) throws Exception {
        byte[] bank = Files.readAllBytes(NodeSqlTest.dist().resolve("bank.wasm"));
        try (Node node = Node.open(dir)) {
            if (node.lookup(new DatabaseRef.ByName(name)).blockOptional().isEmpty()) {
                node.create(Optional.of(name), OWNER, bank).get(60, TimeUnit.SECONDS);
            }
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName(name)).block();
            for (int i = 0; i < 50; i++) {
                sql(node, db, OWNER, "INSERT INTO accounts (id, balance) VALUES (" + i + ", " + i * 10 + ")");
            }
        }
        try (Node node = Node.open(dir)) {
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName(name)).block();
            for (int i = 50; i < 100; i++) {
                sql(node, db, OWNER, "INSERT INTO accounts (id, balance) VALUES (" + i + ", " + i * 10 + ")");
            }
        }
    }

    /** Flips one bit inside the last record of the first segment of {@code log} (commands or effects). */
    static Path flipBitInFirstSegment(Path databaseDir, String log) throws IOException {
        Path seg = databaseDir.resolve(log).resolve("seg-00000000000000000000");
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
            int at = last - 8; // inside the last record's payload, which its checksum covers
            ch.write(ByteBuffer.wrap(new byte[] {(byte) (a[at] ^ 0x10)}), at);
        }
        return seg;
    }

    static Path databaseDir(Path dataDir, String name) throws IOException {
        try (Stream<Path> dirs = Files.list(dataDir.resolve("databases"))) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                if (Files.readString(d.resolve("meta.json")).contains("\"" + name + "\"")) {
                    return d;
                }
            }
        }
        throw new AssertionError("no database " + name);
    }

    @Test
    void aDamagedEffectLogIsRebuiltFromTheCommandLogAtStart(@TempDir Path dir) throws Exception {
        fill(dir, "bank");
        String before;
        try (Node node = Node.open(dir)) {
            before = sql(node, node.lookup(new DatabaseRef.ByName("bank")).block(), OWNER, "SELECT * FROM accounts")
                    .get(0).rows().toString();
        }
        flipBitInFirstSegment(databaseDir(dir, "bank"), "effects");

        try (Node node = Node.open(dir)) {
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName("bank")).block();
            var rows = sql(node, db, OWNER, "SELECT * FROM accounts").get(0).rows();
            assertEquals(100, rows.size());
            assertEquals(before, rows.toString(), "the state rebuilt from the command log is the same");
            sql(node, db, OWNER, "INSERT INTO accounts (id, balance) VALUES (1000, 1)");
        }
        try (Node node = Node.open(dir)) {
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName("bank")).block();
            assertEquals(101, sql(node, db, OWNER, "SELECT * FROM accounts").get(0).rows().size(),
                    "the rebuilt effect log serves the next start");
        }
    }

    @Test
    void aDamagedCommandLogMakesThatDatabaseAloneUnavailableWithFileAndOffset(@TempDir Path dir) throws Exception {
        fill(dir, "bank");
        fill(dir, "other");
        Path seg = flipBitInFirstSegment(databaseDir(dir, "bank"), "commands");

        try (Node node = Node.open(dir)) {
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0);
            try {
                HttpResponse<String> damaged = get(server, "/v1/database/bank");
                assertEquals(503, damaged.statusCode(), damaged.body());
                assertTrue(damaged.body().contains("command log is damaged at offset "), damaged.body());
                assertTrue(damaged.body().contains(seg.toString()), damaged.body());
                assertTrue(damaged.body().contains("lightcone log truncate"), damaged.body());

                HttpResponse<String> fine = get(server, "/v1/database/other");
                assertEquals(200, fine.statusCode(), fine.body());
                DatabaseInfo other = node.lookup(new DatabaseRef.ByName("other")).block();
                assertEquals(100, sql(node, other, OWNER, "SELECT * FROM accounts").get(0).rows().size());
                assertEquals(List.of("bank"), node.unavailableDatabases().values().stream()
                        .map(why -> why.startsWith("database bank ") ? "bank" : why).toList());
            } finally {
                server.disposeNow();
            }
        }
    }

    /** Writes garbage over the first 4 KiB of a segment's {@code metadata.cq4t} (Chronicle's lock lives there). */
    static Path damageMetadata(Path databaseDir, String log) throws IOException {
        Path meta = databaseDir.resolve(log).resolve("seg-00000000000000000000").resolve("metadata.cq4t");
        byte[] b = Files.readAllBytes(meta);
        for (int i = 0; i < 4096 && i < b.length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        Files.write(meta, b);
        return meta;
    }

    /**
     * Issue 15, item 10: a damaged {@code metadata.cq4t} made Chronicle report "Unable to claim exclusive lock". The
     * database is unavailable with a message naming the file and the repair; after that repair it serves every record.
     * A damaged effect-log metadata file is rebuilt without help.
     */
    @Test
    void aDamagedMetadataFileIsNamedWithItsRepair(@TempDir Path dir) throws Exception {
        fill(dir, "bank");
        Path meta = damageMetadata(databaseDir(dir, "bank"), "commands");
        damageMetadata(databaseDir(dir, "bank"), "effects");

        try (Node node = Node.open(dir)) {
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0);
            try {
                HttpResponse<String> damaged = get(server, "/v1/database/bank");
                assertEquals(503, damaged.statusCode(), damaged.body());
                assertTrue(damaged.body().contains("the log metadata file " + meta + " is damaged"), damaged.body());
                assertTrue(damaged.body().contains("remove it (rm " + meta + ")"), damaged.body());
            } finally {
                server.disposeNow();
            }
        }
        Files.delete(meta);
        try (Node node = Node.open(dir)) {
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName("bank")).block();
            assertEquals(100, sql(node, db, OWNER, "SELECT * FROM accounts").get(0).rows().size(),
                    "every record is kept; the effect log was rebuilt");
            sql(node, db, OWNER, "INSERT INTO accounts (id, balance) VALUES (1000, 1)");
        }
    }

    /**
     * Issue 15, item 5: a flipped bit in an old record that start-up never read is found by the background check while
     * the database serves, logged and shown in {@code /v1/metrics}.
     */
    @Test
    void oldDamageIsFoundInTheBackgroundAndShownInMetrics(@TempDir Path dir) throws Exception {
        fill(dir, "bank");
        Database.scrubOptions = new dev.lightcone.commitlog.LogScrubber.Options(java.time.Duration.ZERO,
                java.time.Duration.ofMillis(100), 100_000);
        var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        try (Node node = Node.open(dir)) {
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).withMetrics(registry).build().bind("127.0.0.1", 0);
            try {
                DatabaseInfo db = node.lookup(new DatabaseRef.ByName("bank")).block();
                String label = "{database=\"" + db.databaseIdentity().toHex().substring(0, 12) + "\"}";
                assertTrue(waitForMetric(server, "lightcone_log_verify_passes_total" + label, v -> v >= 1),
                        "a clean pass over the log");
                assertTrue(waitForMetric(server, "lightcone_log_damaged_offset" + label, v -> v == -1), "no damage yet");

                flipBitInFirstSegment(databaseDir(dir, "bank"), "commands");
                assertTrue(waitForMetric(server, "lightcone_log_damaged_offset" + label, v -> v >= 0),
                        "the damaged record is found");
                assertEquals(100, sql(node, db, OWNER, "SELECT * FROM accounts").get(0).rows().size(),
                        "the database goes on serving");
                sql(node, db, OWNER, "INSERT INTO accounts (id, balance) VALUES (1000, 1)");
            } finally {
                server.disposeNow();
            }
        } finally {
            Database.scrubOptions = dev.lightcone.commitlog.LogScrubber.Options.DEFAULT;
            io.micrometer.core.instrument.Metrics.removeRegistry(registry);
        }
    }

    private static boolean waitForMetric(DisposableServer server, String series,
            java.util.function.DoublePredicate wanted) throws Exception {
        for (int i = 0; i < 300; i++) {
            for (String line : get(server, "/v1/metrics").body().split("\n")) {
                if (line.startsWith(series + " ") && wanted.test(Double.parseDouble(line.substring(series.length() + 1)))) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static HttpResponse<String> get(DisposableServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
