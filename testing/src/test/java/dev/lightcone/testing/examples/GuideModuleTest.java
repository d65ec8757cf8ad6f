package dev.lightcone.testing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.testing.ReducerCall;
import dev.lightcone.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every example of the module-writing guide, run in the real host. */
class GuideModuleTest {
    private static final Identity ALICE = TestDatabase.identity("alice");
    private static final Identity BOB = TestDatabase.identity("bob");

    private TestDatabase db;

    @BeforeEach
    void load() {
        db = TestDatabase.load(ExampleModules.path("guide"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private double balance(long id) {
        return db.table("accounts").find("id", id).get("balance").asDouble();
    }

    private List<String> messageTexts() {
        return db.table("messages").json().stream().map(r -> r.get("text").asText()).toList();
    }

    @Test
    void initSeedsConfigAndTheHourlyCleanup() {
        assertEquals("1.0", db.table("config").find("key", "version").get("value").asText());
        assertEquals(1, db.table("cleanup_schedule").count());
        assertEquals(3_600_000_000L, db.table("cleanup_schedule").json().get(0).get("scheduled_at").get("Interval")
                .get("__time_duration_micros__").asLong());
    }

    @Test
    void uniqueEmailIsEnforcedAndAFailedInsertRollsBack() {
        db.callAs(ALICE, "create_user", "Alice", "a@example.com").assertCommitted();
        db.callAs(BOB, "create_user", "Bob", "a@example.com").assertFailed("Email already exists");
        // The same identity (also unique) with a new email: the insert itself is refused by the host.
        db.callAs(ALICE, "create_user", "Alice 2", "a2@example.com")
                .assertFailed("duplicate unique column value inserting into table `users`");
        assertEquals(1, db.table("users").count());
        JsonNode alice = db.table("users").json().get(0);
        assertEquals(1, alice.get("id").asLong(), "auto_inc filled the id");
        assertEquals("Alice", alice.get("name").asText());

        db.call("rename_user", 1L, "Alicia").assertCommitted();
        assertEquals("Alicia", db.table("users").find("id", 1).get("name").asText());
        db.call("rename_user", 9L, "X").assertFailed("User not found");
        db.call("delete_user", 1L).assertCommitted();
        db.call("delete_user", 1L).assertFailed("User not found");
        assertEquals(0, db.table("users").count());
    }

    @Test
    void compositeIndexFiltersByChannelAndTime() {
        db.callAs(ALICE, "send_message", 1L, "one").assertCommitted();
        Timestamp since = new Timestamp(db.now().micros() + 1);
        db.callAs(ALICE, "send_message", 1L, "two").assertCommitted();
        db.callAs(ALICE, "send_message", 2L, "other channel").assertCommitted();
        db.callAs(BOB, "send_message", 1L, "three").assertCommitted();
        db.call("count_channel_messages", 1L, since).assertCommitted();
        assertTrue(db.logMessages().stream().anyMatch(m -> m.startsWith("channel 1 has 3 messages, 2 since ")),
                String.join("\n", db.logMessages()));
        db.call("count_channel_messages", 2L, since).assertCommitted();
        assertTrue(db.logMessages().stream().anyMatch(m -> m.startsWith("channel 2 has 1 messages, 1 since ")));
    }

    @Test
    void transferRollsBackOnInsufficientFunds() {
        db.callAs(ALICE, "create_account", 1L, 100.0).assertCommitted();
        db.callAs(BOB, "create_account", 2L, 0.0).assertCommitted();
        db.call("transfer", 1L, 2L, 30.0).assertCommitted();
        assertEquals(70.0, balance(1));
        assertEquals(30.0, balance(2));
        db.call("transfer", 1L, 2L, 1000.0).assertFailed("Insufficient funds");
        db.call("transfer", 1L, 3L, 1.0).assertFailed("Receiver not found");
        db.call("withdraw", 2L, -5.0).assertFailed("Amount must be positive");
        assertEquals(70.0, balance(1));
        assertEquals(30.0, balance(2));
    }

    @Test
    void hourlyCleanupFiresAsTheClockAdvancesAndDeletesOldMessages() {
        db.callAs(ALICE, "send_message", 1L, "old").assertCommitted();
        List<ReducerCall> fired = db.advance(Duration.ofHours(1));
        assertEquals(1, fired.size());
        assertEquals(TxOutcome.COMMITTED, fired.get(0).outcome());
        assertEquals(1, fired.get(0).results().size(), "an interval row is never deleted");

        assertEquals(22, db.advance(Duration.ofHours(22)).size());
        db.callAs(ALICE, "send_message", 1L, "new").assertCommitted();
        assertEquals(List.of("old", "new"), messageTexts(), "nothing is a day old yet");

        List<ReducerCall> later = db.advance(Duration.ofHours(2));
        assertEquals(2, later.size());
        assertEquals(List.of("new"), messageTexts(), "the day-old message was cleaned up");
        TableChanges deleted = later.get(1).changes().get(0);
        assertEquals("messages", deleted.tableName());
        assertEquals(1, deleted.deletes().size());
    }

    @Test
    void notificationEventsArePublishedButNeverKept() {
        ReducerCall call = db.call("notify", 7L, "hi").assertCommitted();
        TableChanges events = call.changes().get(0);
        assertEquals("notification_events", events.tableName());
        assertTrue(events.isEvent());
        assertEquals(1, events.inserts().size());
        assertEquals(0, db.table("notification_events").count());
        // Every transaction starts with an empty event table, so the auto-inc key repeats nothing wrong.
        db.call("notify", 7L, "again").assertCommitted();
        assertEquals(0, db.table("notification_events").count());
    }

    @Test
    void privateMessagesHaveTheirRowLevelSecurityFilterRecorded() {
        TableSchema table = db.host().schema().table("private_messages").orElseThrow();
        assertTrue(table.isPublic());
        assertEquals(List.of("SELECT * FROM private_messages WHERE sender = :sender OR recipient = :sender"),
                db.host().schema().rowLevelSecurity());
        db.callAs(ALICE, "send_private_message", BOB, "psst").assertCommitted();
        assertEquals(BOB.toValue(), db.table("private_messages").rows().get(0).field(2));
    }

    @Test
    void getStatsProcedureReturnsJsonCounts() {
        db.callAs(ALICE, "create_user", "Alice", "a@example.com").assertCommitted();
        db.callAs(ALICE, "send_message", 1L, "one").assertCommitted();
        db.callAs(ALICE, "send_message", 1L, "two").assertCommitted();
        assertEquals("{\"users\":1,\"messages\":2}",
                db.callProcedure("get_stats").assertReturned().json().get("ok").asText());
    }

    @Test
    void bulkInsertIsOneTransaction() {
        List<Map<String, Object>> items = List.of(Map.of("name", "a", "quantity", 1), Map.of("name", "b", "quantity", 2),
                Map.of("name", "c", "quantity", 3));
        ReducerCall call = db.call("bulk_insert", items).assertCommitted();
        assertEquals(1, call.results().size());
        TxResult tx = call.results().get(0);
        assertEquals(1, tx.changes().size());
        assertEquals("items", tx.changes().get(0).tableName());
        assertEquals(3, tx.changes().get(0).inserts().size());
        assertEquals(List.of(1L, 2L, 3L), db.table("items").json().stream().map(r -> r.get("id").asLong()).toList());
        db.call("do_something", 2L).assertCommitted();
        db.call("do_something", 9L).assertFailed("Item not found");
    }

    @Test
    void customTypesAndEnumIndexes() {
        Map<String, Object> origin = Map.of("x", 0.0, "y", 1.5, "z", -2.0);
        db.call("add_player", "p1", origin, "Active").assertCommitted();
        db.call("add_player", "p2", origin, "Inactive").assertCommitted();
        db.call("add_player", "p3", origin, "Inactive").assertCommitted();
        db.call("ban_inactive_players").assertCommitted();
        List<String> statuses = db.table("players").json().stream()
                .map(r -> r.get("status").fieldNames().next()).toList();
        assertEquals(List.of("active", "banned", "banned"), statuses.stream().sorted().toList());
        assertEquals(1.5, db.table("players").find("name", "p1").get("position").get("y").asDouble());
    }

    @Test
    void disconnectMarksTheUserOfflineAndMigrationCopiesUsers() {
        db.connect(ALICE, ConnectionId.fromWords(1, 2)).assertCommitted();
        db.callAs(ALICE, "create_user", "Alice", "a@example.com").assertCommitted();
        db.disconnect(ALICE, ConnectionId.fromWords(1, 2)).assertCommitted();
        assertFalse(db.table("users").find("id", 1).get("online").asBoolean());
        db.call("migrate_user", 1L).assertCommitted();
        JsonNode migrated = db.table("users_v2").find("id", 1);
        assertNotNull(migrated);
        assertEquals("Alice", migrated.get("display_name").asText());
        assertTrue(migrated.get("role").has("member"), "variant names are canonical (camelCase)");
    }
}
