package dev.lightcone.testing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.ScheduleAt;
import dev.lightcone.testing.ReducerCall;
import dev.lightcone.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code feature-schedule} module: one-shot and interval schedules, cancellation, privacy, procedures. */
class FeatureScheduleModuleTest {
    private TestDatabase db;

    @BeforeEach
    void load() {
        db = TestDatabase.load(ExampleModules.path("feature-schedule"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<JsonNode> firings() {
        return db.table("firings").json();
    }

    private static TableChanges changesOf(TxResult tx, String table) {
        return tx.changes().stream().filter(c -> c.tableName().equals(table)).findFirst().orElse(null);
    }

    private static long micros(JsonNode timestamp) {
        return timestamp.get("__timestamp_micros_since_unix_epoch__").asLong();
    }

    @Test
    void oneShotFiresOnceAtItsTimeAsTheDatabaseThenItsRowIsDeletedSeparately() {
        long scheduledAt = db.now().micros() + 1 + 1_000_000;   // the call's timestamp is now + 1 µs
        db.call("schedule_once", "a", 1_000_000L).assertCommitted();
        assertEquals(1, db.table("tick_schedule").count());

        assertTrue(db.advance(Duration.ofMillis(500)).isEmpty(), "not due yet");
        List<ReducerCall> fired = db.advance(Duration.ofMillis(600));
        assertEquals(1, fired.size());
        List<TxResult> txs = fired.get(0).results();
        assertEquals(2, txs.size(), "the reducer's transaction, then the row's deletion");
        assertEquals(TxOutcome.COMMITTED, txs.get(0).outcome());
        assertEquals(scheduledAt, txs.get(0).timestamp().micros(), "runs at its time, not when the clock was read");
        assertTrue(changesOf(txs.get(0), "firings").inserts().size() == 1);
        assertEquals(null, changesOf(txs.get(0), "tick_schedule"), "the row is still there while the reducer runs");
        assertEquals(1, changesOf(txs.get(1), "tick_schedule").deletes().size());

        JsonNode firing = firings().get(0);
        assertEquals("a", firing.get("label").asText());
        assertEquals(scheduledAt, micros(firing.get("fired_at")));
        assertFalse(firing.get("had_connection").asBoolean(), "scheduled calls have no connection");
        assertEquals(db.host().databaseIdentity().toValue(), db.table("firings").rows().get(0).field(4),
                "the caller is the database itself");
        assertEquals(0, db.table("tick_schedule").count());
        assertTrue(db.advance(Duration.ofHours(1)).isEmpty(), "fires only once");
    }

    @Test
    void intervalRepeatsOnItsGridWithoutDeletes() {
        db.call("schedule_every", "r", 100_000L).assertCommitted();
        long armedAt = db.now().micros();
        List<ReducerCall> fired = db.advance(Duration.ofSeconds(1));
        assertEquals(10, fired.size());
        for (int k = 0; k < fired.size(); k++) {
            List<TxResult> txs = fired.get(k).results();
            assertEquals(1, txs.size(), "no deletion transaction for an interval row");
            assertEquals(armedAt + (k + 1) * 100_000L, txs.get(0).timestamp().micros());
            assertEquals(null, changesOf(txs.get(0), "tick_schedule"));
        }
        assertEquals(1, db.table("tick_schedule").count(), "the row stays");
        assertEquals(10, db.table("counters").find("label", "r").get("count").asLong());
    }

    @Test
    void missedIntervalTicksAreSkippedNotCaughtUp() {
        db.call("schedule_every", "r", 100_000L).assertCommitted();
        long armedAt = db.now().micros();
        // Jump the clock without firing, then fire: one run, then the grid continues.
        db.at(TestDatabase.EPOCH.plusMillis(1_050));
        List<ReducerCall> fired = db.advance(Duration.ofMillis(100));
        assertEquals(2, fired.size(), "the overdue tick once, then the next tick on the grid");
        assertEquals(armedAt + 1_100_000L, fired.get(1).results().get(0).timestamp().micros());
    }

    @Test
    void deletingTheRowBeforeItsTimeCancelsIt() {
        db.call("schedule_once", "c", 1_000_000L).assertCommitted();
        long id = db.table("tick_schedule").json().get(0).get("id").asLong();
        db.call("cancel", id).assertCommitted();
        assertTrue(db.advance(Duration.ofSeconds(5)).isEmpty());
        assertEquals(0, db.table("firings").count());
    }

    @Test
    void aScheduleFromARolledBackTransactionNeverFires() {
        db.call("schedule_then_fail", "ghost", 1_000L).assertFailed("scheduled, then failed");
        assertEquals(0, db.table("tick_schedule").count());
        assertTrue(db.advance(Duration.ofSeconds(5)).isEmpty());
        assertEquals(0, db.table("firings").count());
    }

    @Test
    void aFailingScheduledReducerStillHasItsRowDeleted() {
        db.call("schedule_once", "fail", 10L).assertCommitted();
        List<ReducerCall> fired = db.advance(Duration.ofSeconds(1));
        assertEquals(1, fired.size());
        assertEquals(new TxOutcome.Failed("scheduled reducer failed on purpose"), fired.get(0).outcome());
        assertEquals(2, fired.get(0).results().size());
        assertEquals(0, db.table("tick_schedule").count());
        assertEquals(0, db.table("firings").count(), "the failed reducer's writes rolled back");
    }

    @Test
    void scheduledReducersArePrivate() {
        Map<String, Object> row = Map.of("id", 99L, "scheduled_at",
                new ScheduleAt.Time(db.now()), "label", "direct");
        ReducerCall byStranger = db.callAs(TestDatabase.identity("mallory"), "tick", row);
        TxOutcome.InternalError e = assertInstanceOf(TxOutcome.InternalError.class, byStranger.outcome());
        assertEquals("no such reducer `tick`", e.message());
        db.call("tick", row).assertCommitted();
        assertEquals("direct", firings().get(0).get("label").asText(), "the owner may call it");
    }

    @Test
    void rescheduleReArmsAnIntervalRow() {
        db.call("schedule_every", "r", 1_000_000L).assertCommitted();
        long id = db.table("tick_schedule").json().get(0).get("id").asLong();
        db.call("reschedule", id, 100_000L).assertCommitted();
        assertEquals(1, db.advance(Duration.ofMillis(150)).size(), "the new interval applies");
    }

    /** Conformance checklist 38: a one-shot procedure's row is gone before the procedure runs. */
    @Test
    void scheduledProcedureRunsAfterItsOneShotRowIsDeleted() {
        db.call("schedule_procedure", "p", 1_000L).assertCommitted();
        assertEquals(1, db.table("proc_schedule").count());
        List<ReducerCall> fired = db.advance(Duration.ofSeconds(1));
        assertEquals(1, fired.size());
        List<TxResult> txs = fired.get(0).results();
        assertEquals(2, txs.size());
        assertEquals(1, changesOf(txs.get(0), "proc_schedule").deletes().size(), "deleted first");
        assertEquals(1, changesOf(txs.get(1), "firings").inserts().size(), "then the procedure's with_tx");
        assertEquals("proc:p", firings().get(0).get("label").asText());
        assertEquals(db.host().databaseIdentity().toValue(), db.table("firings").rows().get(0).field(4));
        assertEquals(0, db.table("proc_schedule").count());
        assertTrue(db.advance(Duration.ofHours(1)).isEmpty());
    }

    @Test
    void scheduledProceduresArePrivateToo() {
        Identity stranger = TestDatabase.identity("mallory");
        Map<String, Object> row = Map.of("id", 7L, "at", new ScheduleAt.Time(db.now()), "label", "x");
        assertEquals("no such procedure `proc_tick`", db.callProcedureAs(stranger, "proc_tick", row).error());
        assertEquals(AlgebraicValue.Product.UNIT, db.callProcedure("proc_tick", row).value());
        assertEquals("proc:x", firings().get(0).get("label").asText());
    }
}
