package dev.lightcone.executor.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedEffect;
import dev.lightcone.commitlog.memory.InMemoryEffectLog;
import dev.lightcone.commitlog.memory.InMemoryCommandLog;
import dev.lightcone.executor.ModuleHost;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseWriterTest {
    private static DatabaseWriter.Options options() {
        return DatabaseWriter.Options.of(Workload.DB, "bank").withSnapshotEvery(100).withDisconnectStale(false);
    }

    private static byte[] run(WriterStorage storage, long last) throws InterruptedException {
        try (DatabaseWriter w = DatabaseWriter.open(storage, options())) {
            w.awaitApplied(last, 60, TimeUnit.SECONDS);
            return StateDump.of(w.host().orElseThrow());
        }
    }

    @Test
    void replayingTheLogReproducesByteIdenticalState() throws Exception {
        for (long seed : new long[] {1, 2, 3}) {
            CommandLog log = InMemoryCommandLog.create();
            long last = Workload.append(log, seed, 600);
            WriterStorage original = WriterStorage.replaying(log);
            byte[] first = run(original, last);
            // A fresh executor re-executing every command from the log.
            byte[] replayed = run(WriterStorage.replaying(log), last);
            assertArrayEquals(first, replayed, "re-execution differs, seed " + seed);
            // Recovery from the recorded effects alone (no reducer runs).
            byte[] fromEffects = run(new WriterStorage(log, original.effects(), null, null, null), last);
            assertArrayEquals(first, fromEffects, "effect replay differs, seed " + seed);
        }
    }

    /**
     * Recovery replays effect records straight from their bytes, so it checks each record's layout before
     * applying any of it: a record cut short in the middle (its frame intact) is reported as a damaged effect
     * log, and the writer rebuilds the state from the command log, identical to the original.
     */
    @Test
    void anEffectRecordCutShortIsDetectedAndTheStateRebuiltFromTheCommands() throws Exception {
        CommandLog log = InMemoryCommandLog.create();
        long last = Workload.append(log, 5, 300);
        WriterStorage original = WriterStorage.replaying(log);
        byte[] first = run(original, last);
        InMemoryEffectLog damaged = new InMemoryEffectLog();
        int records = 0;
        try (LogTailer<LoggedEffect> t = original.effects().tailFromCommand(0)) {
            for (LoggedEffect e = t.poll(); e != null; e = t.poll()) {
                byte[] payload = e.payload();
                if (records++ == 150) {
                    assertTrue(payload.length > 20, "record 150 holds row changes");
                    payload = Arrays.copyOf(payload, payload.length / 2);
                }
                damaged.append(e.commandOffset(), payload);
            }
        }
        assertEquals(last + 1, records);
        assertArrayEquals(first, run(new WriterStorage(log, damaged, null, null, null), last));
    }

    @Test
    void restartRecoversFromSnapshotEffectsAndLogOnDisk(@TempDir Path dir) throws Exception {
        long last;
        byte[] before;
        try (WriterStorage storage = WriterStorage.open(dir)) {
            last = Workload.append(storage.commands(), 7, 450);
            before = run(storage, last);
        }
        try (WriterStorage storage = WriterStorage.open(dir)) {
            assertTrue(storage.snapshots().list().size() > 0, "snapshots were taken");
            assertArrayEquals(before, run(storage, last));
        }
        // Without snapshots and effects: the command log alone gives the same state.
        try (WriterStorage storage = WriterStorage.open(dir)) {
            assertArrayEquals(before, run(WriterStorage.replaying(storage.commands()), last));
        }
    }

    /** A snapshot is due after {@code every} records and no sooner than after as many records as the last one held rows. */
    @Test
    void snapshotsArePacedByTheSizeOfTheDatabase(@TempDir Path dir) throws Exception {
        try (WriterStorage storage = WriterStorage.open(dir)) {
            try (DatabaseWriter w = DatabaseWriter.open(storage, options().withSnapshotEvery(10))) {
                // Appended while the writer runs, so it applies them one by one (not as one recovery).
                long last = Workload.append(storage.commands(), 9, 450);
                w.awaitApplied(last, 60, TimeUnit.SECONDS);
            }
            List<Long> offsets = storage.snapshots().list().stream()
                    .map(dev.lightcone.commitlog.snapshot.SnapshotInfo::commandOffset).toList();
            assertTrue(offsets.size() >= 2, "snapshots were taken: " + offsets);
            for (int i = 1; i < offsets.size(); i++) {
                assertTrue(offsets.get(i) - offsets.get(i - 1) >= Workload.ACCOUNTS,
                        "snapshots of " + Workload.ACCOUNTS + "+ rows at least that many records apart: " + offsets);
            }
        }
    }

    @Test
    void clientsConnectedBeforeARestartAreAskedToBeDisconnectedWithoutTheWriterAppending() throws Exception {
        CommandLog log = InMemoryCommandLog.create();
        long last = Workload.append(log, 4, 200);
        List<dev.lightcone.sats.ConnectionId> stale;
        try (DatabaseWriter w = DatabaseWriter.open(WriterStorage.replaying(log), options())) {
            w.awaitApplied(last, 60, TimeUnit.SECONDS);
            stale = w.submit(() -> w.host().orElseThrow().connectedClients(null).stream()
                    .map(dev.lightcone.executor.host.CallContext::connectionId).toList()).get(10, TimeUnit.SECONDS);
        }
        assertTrue(!stale.isEmpty(), "the workload leaves clients connected");
        List<SystemRequest> asked = new CopyOnWriteArrayList<>();
        try (DatabaseWriter w = DatabaseWriter.open(WriterStorage.replaying(log),
                options().withDisconnectStale(true).withSystemRequests(asked::add))) {
            w.awaitApplied(last, 60, TimeUnit.SECONDS);
            assertEquals(stale, asked.stream().map(r -> ((SystemRequest.DisconnectClient) r).connectionId()).toList(),
                    "one disconnect request per stale client, in st_client order");
            assertEquals(last + 1, log.endOffset(), "the writer never appends to its own log");
        }
    }

    @Test
    void listenersSeeCommandsInOrderAndOnlyOnceDurable() throws Exception {
        InMemoryCommandLog log = InMemoryCommandLog.withManualDurability();
        List<Long> applied = new CopyOnWriteArrayList<>();
        List<Long> durable = new CopyOnWriteArrayList<>();
        long last = Workload.append(log, 11, 20);
        log.makeDurable(last);
        WriterStorage storage = WriterStorage.replaying(log);
        try (DatabaseWriter w = DatabaseWriter.open(storage, options())) {
            w.onApplied(c -> applied.add(c.offset()));
            w.onDurable(c -> durable.add(c.offset()));
            log.append(new dev.lightcone.commitlog.record.CallReducer(Workload.OWNER, dev.lightcone.sats.ConnectionId.ZERO,
                    1, new dev.lightcone.sats.Timestamp(1_800_000_000_000_000L), "transfer",
                    new dev.lightcone.sats.bsatn.BsatnWriter().writeU32(1).writeU32(2).writeU64(5).toByteArray()));
            w.awaitApplied(last + 1, 10, TimeUnit.SECONDS);
            Thread.sleep(200);
            assertEquals(List.of(last + 1), applied);
            assertTrue(durable.isEmpty(), "nothing is released before it is durable");
            assertEquals(last, storage.effects().lastCommandOffset(),
                    "effects are recorded only for durable commands: the effect log never runs ahead of what a crash keeps");
            log.makeDurable(last + 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (durable.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(List.of(last + 1), durable);
            assertEquals(last + 1, storage.effects().lastCommandOffset());
            ModuleHost host = w.host().orElseThrow();
            assertEquals(Workload.ACCOUNTS, host.datastore().tableByName("accounts").size());
        }
    }
}
