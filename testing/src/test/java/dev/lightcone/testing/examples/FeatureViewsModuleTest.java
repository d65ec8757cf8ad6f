package dev.lightcone.testing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.executor.view.ViewTables;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.SqlViewSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import dev.lightcone.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code feature-views}: the views are in the schema with the right kinds and keys, and the reducers that
 * feed them work (materializing them is tested in {@code MaterializedViewsTest} and through the server).
 */
class FeatureViewsModuleTest {
    private TestDatabase db;
    private ModuleSchema schema;

    @BeforeEach
    void load() {
        db = TestDatabase.load(ExampleModules.path("feature-views"));
        schema = db.host().schema();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ViewSchema view(String name) {
        return schema.views().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void functionViewsHaveTheirKindIndexAndReturnShape() {
        assertEquals(8, schema.views().size());
        record Expected(String name, boolean anonymous, int index, boolean vec) {
        }
        for (Expected e : List.of(new Expected("high_scores", true, 0, true),
                new Expected("online_by_identity", true, 1, true), new Expected("online_players", true, 2, true),
                new Expected("player_count", true, 4, false), new Expected("my_peers", false, 0, true),
                new Expected("my_player", false, 1, false))) {
            ViewSchema v = view(e.name());
            assertEquals(e.anonymous(), v.isAnonymous(), e.name());
            assertEquals(e.index(), v.index(), e.name());
            assertTrue(v.isPublic(), e.name());
            if (e.vec()) {
                assertInstanceOf(ArrayType.class, v.returnType(), e.name());
            } else {
                assertTrue(assertInstanceOf(SumType.class, v.returnType(), e.name()).isOption(), e.name());
            }
        }
        assertTrue(ViewTables.isQueryView(view("online_query")) && ViewTables.isQueryView(view("my_player_query")),
                "query views return a product with the single element __query__ (module-abi §8.3)");
        assertEquals(3, view("online_query").index());
        assertEquals(2, view("my_player_query").index());
        assertEquals(List.of("total"), view("player_count").rowType().elements().stream()
                .map(el -> el.name().orElseThrow()).toList());
        assertEquals(4, view("my_player").rowType().size(), "a Player row");
    }

    @Test
    void sqlViewComesFromTheCustomSection() {
        assertEquals(List.of(new SqlViewSchema("online_sql", "SELECT * FROM players WHERE online = true", true,
                "OnlinePlayer")), schema.sqlViews());
        assertTrue(schema.table("online_sql").isEmpty(), "a SQL view is not a table");
        assertFalse(schema.table("players").orElseThrow().isPublic(), "players are only visible through views");
    }

    @Test
    void reducersMaintainThePlayersTheViewsRead() {
        Identity alice = TestDatabase.identity("alice");
        db.callAs(alice, "set_score", 10L).assertFailed("join first");
        db.callAs(alice, "join", "Alice").assertCommitted();
        db.callAs(alice, "set_score", 150L).assertCommitted();
        db.callAs(alice, "leave").assertCommitted();
        var row = db.table("players").json().get(0);
        assertEquals("Alice", row.get("name").asText());
        assertEquals(150, row.get("score").asLong());
        assertFalse(row.get("online").asBoolean());
        db.callAs(alice, "join", "Alice again").assertCommitted();
        assertEquals(1, db.table("players").count(), "join is insert-or-update by identity");
        assertTrue(db.table("players").json().get(0).get("online").asBoolean());
    }

    @Test
    void theHarnessEvaluatesViewsForASender() {
        Identity alice = TestDatabase.identity("alice");
        Identity bob = TestDatabase.identity("bob");
        db.callAs(alice, "join", "Alice").assertCommitted();
        db.callAs(bob, "join", "Bob").assertCommitted();
        db.callAs(alice, "set_score", 120L).assertCommitted();
        assertEquals("Alice", db.view("my_player", alice).get(0).get("name").asText());
        assertEquals("Bob", db.view("my_player", bob).get(0).get("name").asText());
        assertEquals(1, db.view("high_scores", bob).size(), "anonymous: the same for everyone");
        assertEquals(2L, db.view("player_count", alice).get(0).get("total").asLong());
    }
}
