package dev.lightcone.executor.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.memory.InMemoryCommandLog;
import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.ClientConnected;
import dev.lightcone.commitlog.record.ClientDisconnected;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.commitlog.record.SubscribeViews;
import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Materialized views replay exactly: a random workload of joins, score changes, notes, view
 * subscriptions, disconnects and a module update gives byte-identical tables (views and
 * {@code st_view_sub} included) when re-executed from the log and when recovered from its effects.
 */
class ViewReplayTest {
    static final Identity DB = Identity.fromHex("c200" + "d1".repeat(30));
    static final Identity OWNER = Identity.fromHex("c200" + "0e".repeat(30));
    static final List<String> VIEWS = List.of("my_player", "my_peers", "high_scores", "online_players",
            "player_count", "online_by_identity");

    @Test
    void viewsReplayByteIdentically() throws Exception {
        byte[] module = Files.readAllBytes(ExampleModules.path("feature-views"));
        // The same module with one more custom section: a different hash, so an update that keeps the data.
        byte[] updated = Arrays.copyOf(module, module.length + 5);
        System.arraycopy(new byte[] {0x00, 0x03, 0x01, 'x', 0x2A}, 0, updated, module.length, 5);
        for (long seed : new long[] {11, 12}) {
            CommandLog log = InMemoryCommandLog.create();
            long last = append(log, seed, 400, module, updated);
            WriterStorage original = WriterStorage.replaying(log);
            String hash = dev.lightcone.executor.host.ModuleCode.hashOf(updated);
            byte[] first = run(original, last, hash);
            assertArrayEquals(first, run(WriterStorage.replaying(log), last, hash), "re-execution differs, seed " + seed);
            assertArrayEquals(first, run(new WriterStorage(log, original.effects(), null, null, null), last, hash),
                    "effect replay differs, seed " + seed);
        }
    }

    private static byte[] run(WriterStorage storage, long last, String moduleHash) throws InterruptedException {
        DatabaseWriter.Options options = DatabaseWriter.Options.of(DB, "views").withSnapshotEvery(1_000_000)
                .withDisconnectStale(false);
        try (DatabaseWriter w = DatabaseWriter.open(storage, options)) {
            w.awaitApplied(last, 60, TimeUnit.SECONDS);
            var host = w.host().orElseThrow();
            assertTrue(host.datastore().table(SystemTables.ST_VIEW_SUB_ID).size() > 0, "the workload holds views");
            assertTrue(host.code().hash().equals(moduleHash), "the update was applied, keeping the data");
            return StateDump.of(host);
        }
    }

    private static long append(CommandLog log, long seed, int n, byte[] module, byte[] updated) {
        SplittableRandom random = new SplittableRandom(seed);
        long micros = 1_700_000_000_000_000L;
        long last = log.append(new PublishModule(DB, OWNER, new ModuleSource.Inline(module), false,
                new Timestamp(++micros)));
        List<ConnectionId> connected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Timestamp ts = new Timestamp(micros += 1 + random.nextInt(1000));
            if (i == n / 2) {
                last = log.append(new PublishModule(DB, OWNER, new ModuleSource.Inline(updated), false, ts));
                continue;
            }
            int kind = random.nextInt(12);
            if (kind < 2 || connected.isEmpty()) {
                ConnectionId c = ConnectionId.fromWords(random.nextLong() | 1, random.nextLong());
                connected.add(c);
                last = log.append(new ClientConnected(Workload.identity(c), c, ts, "{}"));
            } else if (kind < 3) {
                ConnectionId c = connected.remove(random.nextInt(connected.size()));
                last = log.append(new ClientDisconnected(Workload.identity(c), c, ts));
            } else if (kind < 5) {
                ConnectionId c = connected.get(random.nextInt(connected.size()));
                List<String> views = List.of(VIEWS.get(random.nextInt(VIEWS.size())), VIEWS.get(random.nextInt(VIEWS.size())));
                last = log.append(new SubscribeViews(Workload.identity(c), c, views, ts));
            } else {
                ConnectionId c = connected.get(random.nextInt(connected.size()));
                Identity who = Workload.identity(c);
                last = switch (kind) {
                    case 5, 6 -> log.append(new CallReducer(who, c, i, ts, "join",
                            new BsatnWriter().writeString("p" + random.nextInt(100)).toByteArray()));
                    case 7, 8 -> log.append(new CallReducer(who, c, i, ts, "set_score",
                            new BsatnWriter().writeU64(random.nextInt(200)).toByteArray()));
                    case 9 -> log.append(new CallReducer(who, c, i, ts, "leave", new byte[0]));
                    default -> log.append(new CallReducer(who, c, i, ts, "add_note",
                            new BsatnWriter().writeString("n" + i).toByteArray()));
                };
            }
        }
        return last;
    }
}
