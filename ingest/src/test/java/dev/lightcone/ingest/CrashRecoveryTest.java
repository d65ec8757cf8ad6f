package dev.lightcone.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.bsatn.Bsatn;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a server process with SIGKILL at random moments while four threads write, many times over.
 * After every restart: each acknowledged message is present exactly once, nothing is half-applied,
 * and the bank's total balance is conserved. Rounds: {@code -Dlightcone.crash.rounds} (default 20).
 */
class CrashRecoveryTest {
    @Test
    void acknowledgedCallsSurviveKillNine(@TempDir Path dir) throws Exception {
        int rounds = Integer.getInteger("lightcone.crash.rounds", 20);
        long seed = Long.getLong("lightcone.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Set<String> acked = new HashSet<>();
        int totalAcks = 0;
        for (int round = 0; round < rounds; round++) {
            Process p = startWorker(dir, round);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("READY", line, "worker did not start (seed " + seed + ")");
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150 + random.nextInt(900));
            Thread reader = new Thread(() -> readAcks(out, acked));
            reader.start();
            while (System.nanoTime() < killAt) {
                Thread.sleep(5);
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);
            synchronized (acked) {
                totalAcks = acked.size();
            }
            check(dir, acked, seed, round);
        }
        assertTrue(totalAcks > 0, "the workers acknowledged nothing in " + rounds + " rounds");
    }

    private static void readAcks(BufferedReader out, Set<String> acked) {
        try {
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                if (l.startsWith("ACK chat ")) {
                    synchronized (acked) {
                        acked.add(l.substring("ACK chat ".length()));
                    }
                }
            }
        } catch (java.io.IOException e) {
            // The process was killed mid-line; whatever was read is what was acknowledged.
        }
    }

    private static void check(Path dir, Set<String> acked, long seed, int round) throws Exception {
        try (WriterStorage storage = WriterStorage.open(dir.resolve("chat"));
                DatabaseWriter w = DatabaseWriter.open(storage, DatabaseWriter.Options.of(CrashWorker.CHAT, "chat"))) {
            ModuleHost host = w.host().orElseThrow();
            Map<String, Integer> counts = new HashMap<>();
            var table = host.datastore().tableByName("message");
            for (Row r : table.rows()) {
                AlgebraicValue.Product row = (AlgebraicValue.Product) Bsatn.decode(table.schema().rowType(), r.bytes());
                int textCol = table.schema().column("text").orElseThrow().colId();
                counts.merge(((AlgebraicValue.Str) row.field(textCol)).value(), 1, Integer::sum);
            }
            List<String> missing = new ArrayList<>();
            synchronized (acked) {
                for (String a : acked) {
                    if (!counts.containsKey(a)) {
                        missing.add(a);
                    }
                }
            }
            assertTrue(missing.isEmpty(), "round " + round + " (seed " + seed + "): acknowledged but lost: " + missing);
            counts.forEach((text, n) -> assertEquals(1, n, "duplicate message " + text + " (seed " + seed + ")"));
        }
        try (WriterStorage storage = WriterStorage.open(dir.resolve("bank"));
                DatabaseWriter w = DatabaseWriter.open(storage, DatabaseWriter.Options.of(CrashWorker.BANK, "bank"))) {
            var accounts = w.host().orElseThrow().datastore().tableByName("accounts");
            long total = 0;
            for (Row r : accounts.rows()) {
                JsonNode row = dev.lightcone.sats.json.SatsJson.encode(accounts.schema().rowType(),
                        Bsatn.decode(accounts.schema().rowType(), r.bytes()), dev.lightcone.sats.Typespace.EMPTY,
                        dev.lightcone.sats.json.SatsJson.Style.NAMED);
                total += row.get("balance").asLong();
            }
            assertEquals(CrashWorker.ACCOUNTS * 1000L, total, "round " + round + ": money created or destroyed");
        }
    }

    private static Process startWorker(Path dir, int round) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Dchronicle") || a.startsWith("--enable-native")
                    || a.startsWith("--sun-misc")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CrashWorker.class.getName());
        cmd.add(dir.toString());
        cmd.add(ExampleModules.path("bank").toString());
        cmd.add(ExampleModules.path("quickstart-chat").toString());
        cmd.add(Integer.toString(round));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
