package dev.lightcone.testing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.testing.TableView;
import dev.lightcone.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat quickstart: presence through the connect hooks, names and messages per caller. */
class QuickstartChatModuleTest {
    private static final Identity ALICE = TestDatabase.identity("alice");
    private static final Identity BOB = TestDatabase.identity("bob");
    private static final ConnectionId ALICE_CONN = ConnectionId.fromWords(1, 1);
    private static final ConnectionId BOB_CONN = ConnectionId.fromWords(2, 2);

    private TestDatabase db;

    @BeforeEach
    void load() {
        db = TestDatabase.load(ExampleModules.path("quickstart-chat"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The {@code user} row of an identity as JSON, or null. */
    private JsonNode user(Identity id) {
        TableView users = db.table("user");
        List<AlgebraicValue.Product> rows = users.rows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).field(0).equals(id.toValue())) {
                return users.json().get(i);
            }
        }
        return null;
    }

    @Test
    void connectCreatesAnOnlineUserWithoutAName() {
        db.connect(ALICE, ALICE_CONN).assertCommitted();
        JsonNode alice = user(ALICE);
        assertTrue(alice.get("online").asBoolean());
        assertTrue(alice.get("name").has("none"), alice.toString());
    }

    @Test
    void setNameIsPerCallerAndRejectsEmptyNames() {
        db.connect(ALICE, ALICE_CONN).assertCommitted();
        db.connect(BOB, BOB_CONN).assertCommitted();
        db.callAs(ALICE, "set_name", "Alice").assertCommitted();
        assertEquals("Alice", user(ALICE).get("name").get("some").asText());
        assertTrue(user(BOB).get("name").has("none"), "bob's row is untouched");

        db.callAs(BOB, "set_name", "").assertFailed("Names must not be empty");
        db.callAs(TestDatabase.identity("stranger"), "set_name", "X").assertFailed("Cannot set name for unknown user");
        assertEquals(2, db.table("user").count());
    }

    @Test
    void sendMessageRecordsSenderTextAndTime() {
        db.connect(ALICE, ALICE_CONN).assertCommitted();
        var call = db.callAs(ALICE, "send_message", "hello").assertCommitted();
        assertEquals(1, call.changes().get(0).inserts().size());
        AlgebraicValue.Product message = db.table("message").rows().get(0);
        assertEquals(ALICE.toValue(), message.field(0));
        assertEquals(call.results().get(0).timestamp().micros(),
                db.table("message").json().get(0).get("sent").get("__timestamp_micros_since_unix_epoch__").asLong());
        assertEquals("hello", db.table("message").json().get(0).get("text").asText());
        assertTrue(db.logMessages().contains("hello"), "the module logs each message");

        db.callAs(ALICE, "send_message", "").assertFailed("Messages must not be empty");
        assertEquals(1, db.table("message").count());
    }

    @Test
    void disconnectMarksOfflineAndReconnectKeepsTheName() {
        db.connect(ALICE, ALICE_CONN).assertCommitted();
        db.callAs(ALICE, "set_name", "Alice").assertCommitted();
        db.disconnect(ALICE, ALICE_CONN).assertCommitted();
        assertFalse(user(ALICE).get("online").asBoolean());
        assertTrue(db.host().connectedClients(db.now()).isEmpty(), "the client record is gone");

        db.connect(ALICE, ConnectionId.fromWords(3, 3)).assertCommitted();
        assertTrue(user(ALICE).get("online").asBoolean());
        assertEquals("Alice", user(ALICE).get("name").get("some").asText());
        assertEquals(1, db.table("user").count(), "one row per identity");
        assertNull(user(BOB));
    }
}
