package dev.lightcone.executor.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Function views of the {@code feature-views} example: materialized per sender, refreshed in the writing transaction. */
class MaterializedViewsTest {
    static final Identity OWNER = Identity.fromHex("c200" + "0f".repeat(30));
    static final Identity ALICE = Identity.fromHex("c200" + "a1".repeat(30));
    static final Identity BOB = Identity.fromHex("c200" + "b0".repeat(30));
    static final ConnectionId ALICE_CONN = ConnectionId.fromHex("0a".repeat(16));
    static final ConnectionId BOB_CONN = ConnectionId.fromHex("0b".repeat(16));

    ModuleHost host;
    long now = 1_000_000;

    @BeforeEach
    void setUp() throws Exception {
        host = ModuleHost.load(Files.readAllBytes(ExampleModules.path("feature-views")),
                Identity.fromHex("c200" + "aa".repeat(30)), OWNER, "views", ModuleHost.Options.DEFAULT);
        assertTrue(host.init(ts()).outcome().committed());
        assertTrue(host.connect(ctx(ALICE, ALICE_CONN), null).outcome().committed());
        assertTrue(host.connect(ctx(BOB, BOB_CONN), null).outcome().committed());
    }

    private Timestamp ts() {
        return new Timestamp(now += 1000);
    }

    private CallContext ctx(Identity who, ConnectionId conn) {
        return new CallContext(who, conn, ts());
    }

    private TxResult call(Identity who, ConnectionId conn, String reducer, byte[] args) {
        return host.callReducer(reducer, ctx(who, conn), args);
    }

    private static byte[] str(String s) {
        return Bsatn.encode(dev.lightcone.sats.ProductType.of("name", PrimitiveType.STRING),
                AlgebraicValue.product(AlgebraicValue.string(s)));
    }

    private static byte[] u64(long v) {
        return new BsatnWriter(8).writeU64(v).toByteArray();
    }

    /** The view's rows for {@code sender}, without the hidden column. */
    private List<byte[]> rows(String view, Identity sender) {
        Table t = host.datastore().tableByName(view);
        byte[] prefix = sender.toLittleEndian();
        List<byte[]> out = new ArrayList<>();
        for (Row r : t.rows()) {
            if (Arrays.equals(r.bytes(), 0, 32, prefix, 0, 32)) {
                out.add(Arrays.copyOfRange(r.bytes(), 32, r.size()));
            }
        }
        return out;
    }

    @Test
    void perSenderViewsAreMaterializedForEachSubscriberAndRefreshedInTheWritingTransaction() {
        assertTrue(call(ALICE, ALICE_CONN, "join", str("alice")).outcome().committed());
        assertTrue(host.subscribeViews(ctx(ALICE, ALICE_CONN), List.of("my_player", "player_count")).outcome().committed());
        assertTrue(host.subscribeViews(ctx(BOB, BOB_CONN), List.of("my_player")).outcome().committed());
        assertEquals(1, rows("my_player", ALICE).size());
        assertEquals(0, rows("my_player", BOB).size(), "bob has not joined");
        assertEquals(1, rows("player_count", Identity.ZERO).size());
        assertEquals(3, host.views().instanceCount(), "two my_player instances and one anonymous count");

        TxResult joined = call(BOB, BOB_CONN, "join", str("bob"));
        assertTrue(joined.outcome().committed());
        assertEquals(1, rows("my_player", BOB).size(), "refreshed in bob's join");
        byte[] count = rows("player_count", Identity.ZERO).get(0);
        assertEquals(2L, java.nio.ByteBuffer.wrap(count).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        assertTrue(joined.changes().stream().anyMatch(c -> c.tableName().equals("player_count")),
                "the view's change is part of the transaction that caused it");
        assertTrue(joined.changes().stream().noneMatch(c -> c.tableName().equals("my_player") && !c.isEmpty()
                && c.inserts().stream().anyMatch(r -> Arrays.equals(r.bytes(), 0, 32, ALICE.toLittleEndian(), 0, 32))),
                "alice's row did not change, so nothing of hers is in the delta");
    }

    @Test
    void instancesNobodyHoldsAreDroppedWhenTheLastConnectionEnds() {
        call(ALICE, ALICE_CONN, "join", str("alice"));
        host.subscribeViews(ctx(ALICE, ALICE_CONN), List.of("my_player", "player_count"));
        host.subscribeViews(ctx(BOB, BOB_CONN), List.of("player_count"));
        host.disconnect(ctx(ALICE, ALICE_CONN));
        assertEquals(0, rows("my_player", ALICE).size());
        assertEquals(1, rows("player_count", Identity.ZERO).size(), "bob still holds the anonymous view");
        assertEquals(1, host.datastore().table(SystemTables.ST_VIEW_SUB_ID).size());
        host.disconnect(ctx(BOB, BOB_CONN));
        assertEquals(0, host.datastore().table(SystemTables.ST_VIEW_SUB_ID).size());
        assertEquals(0, host.datastore().tableByName("player_count").size());
        assertEquals(0, host.views().instanceCount());
    }

    @Test
    void onlyInstancesWhoseReadsMeetTheWritesAreEvaluated() {
        call(ALICE, ALICE_CONN, "join", str("alice"));
        host.subscribeViews(ctx(ALICE, ALICE_CONN), List.of("my_player", "high_scores"));
        long before = host.views().evaluations();
        // A transaction that writes no table a view read: st_client only.
        ConnectionId other = ConnectionId.fromHex("0c".repeat(16));
        assertTrue(host.connect(ctx(OWNER, other), null).outcome().committed());
        assertEquals(before, host.views().evaluations());
        call(ALICE, ALICE_CONN, "set_score", u64(150));
        assertEquals(before + 2, host.views().evaluations(), "alice's my_player (her row changed) and high_scores");
        // bob's my_player looked up only bob's row: alice's change does not re-run it (semantics §6).
        host.subscribeViews(ctx(BOB, BOB_CONN), List.of("my_player"));
        long afterBob = host.views().evaluations();
        call(ALICE, ALICE_CONN, "set_score", u64(160));
        assertEquals(afterBob + 2, host.views().evaluations(), "bob's instance is not re-run");
        assertEquals(1, rows("high_scores", Identity.ZERO).size());
    }

    @Test
    void aWriteToATableNoViewReadsRunsNoView() {
        call(ALICE, ALICE_CONN, "join", str("alice"));
        host.subscribeViews(ctx(ALICE, ALICE_CONN), List.of("my_player", "player_count", "online_by_identity"));
        long before = host.views().evaluations();
        assertTrue(call(ALICE, ALICE_CONN, "add_note", str("hello")).outcome().committed());
        assertEquals(before, host.views().evaluations());
    }

    @Test
    void aKeyedViewChangesByDeleteAndInsertOfTheSameKeyInOneTransaction() {
        assertTrue(host.schema().views().stream().filter(v -> v.name().equals("online_by_identity")).findFirst()
                .orElseThrow().primaryKey().isPresent(), "the bindings emit ViewPrimaryKeys");
        call(ALICE, ALICE_CONN, "join", str("alice"));
        host.subscribeViews(ctx(ALICE, ALICE_CONN), List.of("online_by_identity"));
        TxResult r = call(ALICE, ALICE_CONN, "set_score", u64(7));
        var change = r.changes().stream().filter(c -> c.tableName().equals("online_by_identity")).findFirst().orElseThrow();
        assertEquals(1, change.inserts().size());
        assertEquals(1, change.deletes().size());
        assertTrue(Arrays.equals(change.inserts().get(0).bytes(), 32, 64, change.deletes().get(0).bytes(), 32, 64),
                "same key: the SDK reports an update");
    }

    @Test
    void aSubscriptionForAConnectionThatAlreadyEndedHoldsNothing() {
        host.disconnect(ctx(ALICE, ALICE_CONN));
        assertTrue(host.subscribeViews(ctx(ALICE, ALICE_CONN), List.of("my_player")).outcome().committed());
        assertEquals(0, host.views().instanceCount());
    }

    @Test
    void aViewThatFailsOrRunsOverItsTimeLimitFailsTheTransactionThatTriggeredIt() throws Exception {
        ModuleHost hostile = ModuleHost.load(Files.readAllBytes(ExampleModules.path("feature-hostile")),
                Identity.fromHex("c200" + "ab".repeat(30)), OWNER, "hostile", ModuleHost.Options.DEFAULT.withLimits(
                        dev.lightcone.executor.host.ExecutionLimits.DEFAULT.withCallTimeout(java.time.Duration.ofMillis(300))));
        assertTrue(hostile.init(ts()).outcome().committed());
        assertTrue(hostile.connect(ctx(ALICE, ALICE_CONN), null).outcome().committed());
        assertTrue(hostile.subscribeViews(ctx(ALICE, ALICE_CONN), List.of("fragile")).outcome().committed());
        assertTrue(hostile.callReducer("ok", ctx(ALICE, ALICE_CONN), str("fine")).outcome().committed());
        assertEquals(1, hostile.datastore().tableByName("fragile").size());

        TxResult panicked = hostile.callReducer("ok", ctx(ALICE, ALICE_CONN), str("view panic"));
        TxOutcome.InternalError e = assertInstanceOf(TxOutcome.InternalError.class, panicked.outcome());
        assertTrue(e.message().contains("fragile"), e.message());
        assertEquals(1, hostile.datastore().tableByName("survivors").size(), "the reducer's insert rolled back");

        TxResult spun = hostile.callReducer("ok", ctx(ALICE, ALICE_CONN), str("view spin"));
        TxOutcome.InternalError t = assertInstanceOf(TxOutcome.InternalError.class, spun.outcome());
        assertTrue(t.message().contains("time limit"), t.message());
        assertEquals(1, hostile.datastore().tableByName("survivors").size());

        assertTrue(hostile.callReducer("ok", ctx(ALICE, ALICE_CONN), str("after")).outcome().committed(),
                "the database goes on after a failed view");
        assertEquals(2, hostile.datastore().tableByName("fragile").size());
    }

    @Test
    void anUnknownViewIsRefused() {
        TxResult r = host.subscribeViews(ctx(ALICE, ALICE_CONN), List.of("nope"));
        assertInstanceOf(TxOutcome.InternalError.class, r.outcome());
    }
}
