package dev.lightcone.executor.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.memory.InMemoryCommandLog;
import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.ClientConnected;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.executor.MigrationToken;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.executor.host.ModuleCode;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Module updates are records like any other: the writer decides and applies the migration plan from the log
 * alone, so re-executing the log and recovering from the recorded effects reach byte-identical state, including
 * the refusals and the disconnects of a client-breaking update.
 */
class MigrationReplayTest {

    private static byte[] module(String name) throws Exception {
        return Files.readAllBytes(ExampleModules.path(name));
    }

    private static DatabaseWriter.Options options() {
        return DatabaseWriter.Options.of(Workload.DB, "notes").withDisconnectStale(false);
    }

    @Test
    void updatesReplayToTheSameStateAndTheSameDecisions() throws Exception {
        byte[] v1 = module("migrate-v1");
        byte[] v2 = module("migrate-v2");
        byte[] v3 = module("migrate-v3");
        CommandLog log = InMemoryCommandLog.create();
        WriterStorage original = WriterStorage.replaying(log);
        List<AppliedCommand> applied = new CopyOnWriteArrayList<>();
        byte[] first;
        long last;
        long refused;
        long compatible;
        long withoutToken;
        long breaking;
        ConnectionId client = ConnectionId.fromWords(7, 9);
        try (DatabaseWriter w = DatabaseWriter.open(original, options())) {
            w.onApplied(applied::add);
            long t = 1_700_000_000_000_000L;
            log.append(new PublishModule(Workload.DB, Workload.OWNER, new ModuleSource.Inline(v1), false, new Timestamp(++t)));
            log.append(new CallReducer(Workload.OWNER, ConnectionId.ZERO, 1, new Timestamp(++t), "add_note",
                    new BsatnWriter().writeString("one").toByteArray()));
            log.append(new ClientConnected(Workload.identity(client), client, new Timestamp(++t), "{}"));
            refused = log.append(new PublishModule(Workload.DB, Workload.OWNER,
                    new ModuleSource.Inline(module("migrate-refused")), false, new Timestamp(++t)));
            compatible = log.append(new PublishModule(Workload.DB, Workload.OWNER, new ModuleSource.Inline(v2), false,
                    new Timestamp(++t)));
            withoutToken = log.append(new PublishModule(Workload.DB, Workload.OWNER, new ModuleSource.Inline(v3), false,
                    new Timestamp(++t)));
            String token = MigrationToken.of(Workload.DB, ModuleCode.hashOf(v2), ModuleCode.hashOf(v3));
            breaking = log.append(new PublishModule(Workload.DB, Workload.OWNER, new ModuleSource.Inline(v3), false,
                    new Timestamp(++t), token));
            last = log.append(new CallReducer(Workload.OWNER, ConnectionId.ZERO, 2, new Timestamp(++t), "add_note",
                    new BsatnWriter().writeString("two").toByteArray()));
            w.awaitApplied(last, 60, TimeUnit.SECONDS);
            ModuleHost host = w.host().orElseThrow();
            first = w.submit(() -> StateDump.of(host)).get(30, TimeUnit.SECONDS);
            List<String> notes = w.submit(() -> rows(host, "note")).get(30, TimeUnit.SECONDS);
            assertEquals(3, notes.size(), "welcome, one, two: " + notes);
            assertEquals(1, w.submit(() -> rows(host, "farewell")).get(30, TimeUnit.SECONDS).size(),
                    "v3's client_disconnected ran for the connected client");
            assertEquals(0, w.submit(() -> rows(host, "st_client")).get(30, TimeUnit.SECONDS).size());
        }
        assertTrue(byOffset(applied, refused).error().startsWith("Database update rejected: Errors occurred:\n"));
        assertNull(byOffset(applied, compatible).error());
        assertTrue(byOffset(applied, compatible).disconnectedByUpdate().isEmpty(), "a compatible update disconnects nobody");
        assertTrue(byOffset(applied, withoutToken).error().contains("client-breaking change"));
        AppliedCommand update = byOffset(applied, breaking);
        assertNull(update.error());
        assertEquals(List.of(client), update.disconnectedByUpdate());

        try (DatabaseWriter w = DatabaseWriter.open(WriterStorage.replaying(log), options())) {
            w.awaitApplied(last, 60, TimeUnit.SECONDS);
            ModuleHost host = w.host().orElseThrow();
            assertArrayEquals(first, w.submit(() -> StateDump.of(host)).get(30, TimeUnit.SECONDS),
                    "re-executing the log differs");
        }
        try (DatabaseWriter w = DatabaseWriter.open(new WriterStorage(log, original.effects(), null, null, null),
                options())) {
            w.awaitApplied(last, 60, TimeUnit.SECONDS);
            ModuleHost host = w.host().orElseThrow();
            assertArrayEquals(first, w.submit(() -> StateDump.of(host)).get(30, TimeUnit.SECONDS),
                    "recovering from the recorded effects differs");
        }
    }

    private static AppliedCommand byOffset(List<AppliedCommand> applied, long offset) {
        return applied.stream().filter(c -> c.offset() == offset).findFirst().orElseThrow();
    }

    private static List<String> rows(ModuleHost host, String table) {
        List<String> out = new ArrayList<>();
        for (Row r : host.datastore().tableByName(table).rows()) {
            out.add(java.util.HexFormat.of().formatHex(r.bytes()));
        }
        return out;
    }
}
