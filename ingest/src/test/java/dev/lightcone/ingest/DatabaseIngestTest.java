package dev.lightcone.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.record.ClientDisconnected;
import dev.lightcone.commitlog.record.CommittedEffects;
import dev.lightcone.executor.CallCheck;
import dev.lightcone.executor.ProcedureOutcome;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.StateDump;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatabaseIngestTest {
    private static final Identity DB = Identity.fromHex("c200" + "1a".repeat(30));
    private static final Identity OWNER = Identity.fromHex("c200" + "0e".repeat(30));
    private static final Identity ALICE = Identity.fromHex("c200" + "a1".repeat(30));

    private static DatabaseIngest open(WriterStorage storage, boolean disconnectStale) {
        return DatabaseIngest.open(storage, DatabaseWriter.Options.of(DB, "ingest-test").withSnapshotEvery(0)
                .withDisconnectStale(disconnectStale), Clock.systemUTC(), 256);
    }

    private static byte[] module(String name) throws Exception {
        return Files.readAllBytes(ExampleModules.path(name));
    }

    private static byte[] string(String s) {
        return new BsatnWriter().writeString(s).toByteArray();
    }

    private static RequestRefusedException refusal(CompletableFuture<?> f) {
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, f::join);
        return assertInstanceOf(RequestRefusedException.class, e.getCause());
    }

    @Test
    void refusedRequestsAreAnsweredAndLogNothing() throws Exception {
        try (WriterStorage storage = WriterStorage.inMemory(); DatabaseIngest in = open(storage, false)) {
            assertEquals(CallCheck.Reason.NO_SUCH_FUNCTION, refusal(in.callReducer(ALICE, ConnectionId.ZERO, 1,
                    "send_message", string("before any module"))).reason());
            in.publish(OWNER, module("quickstart-chat"), false).get(30, TimeUnit.SECONDS);
            long end = storage.commands().endOffset();

            RequestRefusedException unknown = refusal(in.callReducer(ALICE, ConnectionId.ZERO, 2, "no_such", new byte[0]));
            assertEquals(CallCheck.Reason.NO_SUCH_FUNCTION, unknown.reason());
            assertEquals("no such reducer `no_such`", unknown.getMessage());
            assertEquals(CallCheck.Reason.INVALID_ARGUMENTS,
                    refusal(in.callReducer(ALICE, ConnectionId.ZERO, 3, "send_message", new byte[] {9, 0})).reason());
            assertEquals(CallCheck.Reason.LIFECYCLE,
                    refusal(in.callReducer(ALICE, ConnectionId.ZERO, 4, "client_connected", new byte[0])).reason());
            assertEquals(CallCheck.Reason.NO_SUCH_FUNCTION,
                    refusal(in.callProcedure(ALICE, ConnectionId.ZERO, "no_such", new byte[0])).reason());
            assertEquals(end, storage.commands().endOffset(), "refused requests are not logged");

            AppliedCommand ok = in.callReducer(ALICE, ConnectionId.ZERO, 5, "send_message", string("hi"))
                    .get(30, TimeUnit.SECONDS);
            assertTrue(ok.transactions().get(0).committed());
            assertEquals(end, ok.offset());
        }
    }

    @Test
    void clientsConnectedBeforeARestartAreDisconnectedThroughTheLogOnce() throws Exception {
        WriterStorage storage = WriterStorage.inMemory();
        List<ConnectionId> connections = new ArrayList<>();
        try (DatabaseIngest in = open(storage, true)) {
            in.publish(OWNER, module("quickstart-chat"), false).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                ConnectionId c = ConnectionId.random();
                connections.add(c);
                in.connect(ALICE, c, "{}").get(30, TimeUnit.SECONDS);
            }
        }
        long end = storage.commands().endOffset();
        try (DatabaseIngest in = open(WriterStorage.replaying(storage.commands()), true)) {
            in.writer().awaitApplied(end + connections.size() - 1, 30, TimeUnit.SECONDS);
            List<ConnectionId> disconnected = new ArrayList<>();
            try (LogTailer<LoggedCommand> t = storage.commands().tail(end)) {
                for (LoggedCommand c = t.poll(); c != null; c = t.poll()) {
                    disconnected.add(((ClientDisconnected) c.command()).connectionId());
                }
            }
            assertEquals(new java.util.HashSet<>(connections), new java.util.HashSet<>(disconnected),
                    "one disconnect record per stale client");
            assertEquals(connections.size(), disconnected.size());
            assertTrue(in.writer().submit(() -> in.writer().host().orElseThrow().connectedClients(null)).get().isEmpty());
        }
        // A second restart finds nobody connected and logs nothing more.
        try (DatabaseIngest in = open(WriterStorage.replaying(storage.commands()), true)) {
            in.writer().awaitApplied(end + connections.size() - 1, 30, TimeUnit.SECONDS);
            Thread.sleep(100);
            assertEquals(end + connections.size(), storage.commands().endOffset());
        }
    }

    /**
     * Procedures and reducers writing the same table at once: procedure transactions are drafted and
     * logged without any lock, some are refused as conflicts and retried, and replaying the log alone
     * gives the same state, byte for byte.
     */
    @Test
    void procedureTransactionsRacingReducersReplayToTheSameState() throws Exception {
        WriterStorage storage = WriterStorage.inMemory();
        byte[] live;
        int committedEntries = 0;
        try (DatabaseIngest in = open(storage, false)) {
            in.publish(OWNER, module("feature-procedures"), false).get(30, TimeUnit.SECONDS);
            List<CompletableFuture<AppliedCommand>> reducers = new ArrayList<>();
            List<CompletableFuture<ProcedureCall>> procedures = new ArrayList<>();
            Thread caller = new Thread(() -> {
                for (int i = 0; i < 300; i++) {
                    reducers.add(in.callReducer(ALICE, ConnectionId.ZERO, i, "add_entry", string("r" + i)));
                }
            });
            caller.start();
            for (int i = 0; i < 40; i++) {
                procedures.add(in.callProcedure(ALICE, ConnectionId.ZERO, "insert_entry", string("p" + i)));
            }
            caller.join();
            for (CompletableFuture<AppliedCommand> r : reducers) {
                if (r.get(60, TimeUnit.SECONDS).transactions().get(0).committed()) {
                    committedEntries++;
                }
            }
            for (CompletableFuture<ProcedureCall> p : procedures) {
                if (p.get(60, TimeUnit.SECONDS).result().outcome() instanceof ProcedureOutcome.Returned) {
                    committedEntries++;
                }
            }
            long last = storage.commands().endOffset() - 1;
            in.writer().awaitApplied(last, 30, TimeUnit.SECONDS);
            live = in.writer().submit(() -> StateDump.of(in.writer().host().orElseThrow())).get();
            int rows = in.writer().submit(() -> in.writer().host().orElseThrow().datastore().tableByName("entries").size())
                    .get();
            assertEquals(committedEntries, rows, "every answered call's row is there, and nothing else");
            assertTrue(countProcedureRecords(storage.commands()) >= 40, "every procedure transaction was logged");
        }
        try (DatabaseWriter replay = DatabaseWriter.open(WriterStorage.replaying(storage.commands()),
                DatabaseWriter.Options.of(DB, "replay").withDisconnectStale(false))) {
            replay.awaitApplied(storage.commands().endOffset() - 1, 60, TimeUnit.SECONDS);
            assertArrayEquals(live, replay.submit(() -> StateDump.of(replay.host().orElseThrow())).get());
        }
    }

    private static int countProcedureRecords(CommandLog log) {
        int n = 0;
        try (LogTailer<LoggedCommand> t = log.tail(0)) {
            for (LoggedCommand c = t.poll(); c != null; c = t.poll()) {
                if (c.command() instanceof CommittedEffects) {
                    n++;
                }
            }
        }
        return n;
    }
}
