package dev.lightcone.testing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.sats.moduledef.IndexAlgorithm;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.ReducerSchema;
import dev.lightcone.sats.moduledef.ScheduleSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import dev.lightcone.testing.ReducerCall;
import dev.lightcone.testing.TestDatabase;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official 2.x spellings of {@code feature-syntax}, as the validated schema sees them, and its reducers. */
class FeatureSyntaxModuleTest {
    private TestDatabase db;
    private ModuleSchema schema;

    @BeforeEach
    void load() {
        db = TestDatabase.load(ExampleModules.path("feature-syntax"));
        schema = db.host().schema();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void explicitNamesAndAccessorsAreBothResolvable() {
        TableSchema scores = schema.table("ScoreBoard").orElseThrow();
        assertEquals("ScoreBoard", scores.name(), "explicit canonical name, not case-converted");
        assertEquals("scores", scores.sourceName());
        assertEquals(scores, schema.table("scores").orElseThrow(), "the accessor is an alias");
        ReducerSchema add = schema.reducer("AddScore").orElseThrow();
        assertEquals("add_score", add.sourceName());
        assertEquals(add, schema.reducer("add_score").orElseThrow());
    }

    @Test
    void indexesKeepTheirAlgorithmColumnsAndAccessor() {
        TableSchema scores = schema.table("ScoreBoard").orElseThrow();
        IndexSchema byPlayerLevel = scores.index("scores_player_level_idx_btree").orElseThrow();
        assertEquals(IndexAlgorithm.BTREE, byPlayerLevel.algorithm());
        assertEquals(List.of(1, 2), byPlayerLevel.columns());
        assertEquals("by_player_level", byPlayerLevel.accessorName());
        assertFalse(byPlayerLevel.unique());
        IndexSchema tag = scores.index("scores_tag_idx_hash").orElseThrow();
        assertEquals(IndexAlgorithm.HASH, tag.algorithm());
        assertEquals(List.of(3), tag.columns());
        assertTrue(scores.index("scores_id_idx_btree").orElseThrow().unique(), "the primary key's index");
    }

    @Test
    void rowLevelSecurityEventTablesSchedulesAndViewsAreRecorded() {
        assertTrue(schema.rowLevelSecurity().containsAll(List.of("SELECT * FROM ScoreBoard WHERE player = :sender",
                "SELECT * FROM pings WHERE owner = :sender")), schema.rowLevelSecurity().toString());
        assertTrue(schema.table("pings").orElseThrow().isEvent(), "#[event] above #[table]");
        assertFalse(schema.table("shapes").orElseThrow().isPublic());
        ScheduleSchema later = schema.table("later").orElseThrow().schedule().orElseThrow();
        assertEquals("fire_later", later.functionName());
        assertEquals(1, later.scheduleAtColumn(), "at = when");
        assertFalse(schema.reducer("fire_later").orElseThrow().clientCallable(), "scheduled reducers are private");
        ViewSchema shapeCount = schema.views().get(0);
        assertEquals("shape_count", shapeCount.name());
        assertTrue(shapeCount.isAnonymous());
    }

    @Test
    void addScoreUsesEveryIndexKindAndSchedulesFollowUps() {
        db.call("AddScore", 5, -1).assertCommitted();
        db.call("AddScore", 2, 7).assertCommitted();   // level < 3: removed again by the range delete
        List<JsonNode> scores = db.table("ScoreBoard").json();
        assertEquals(1, scores.size());
        assertEquals(5, scores.get(0).get("level").asInt());
        assertEquals(BigInteger.valueOf(-1), scores.get(0).get("points").bigIntegerValue(), "i128 round trip");
        assertEquals(4, db.table("later").count(), "one interval and one one-shot row per call");

        assertEquals(2, db.advance(Duration.ofMillis(20)).size(), "the two one-shot rows");
        assertEquals(2, db.table("later").count());
        assertEquals(2, db.advance(Duration.ofSeconds(60)).size(), "the two interval rows");
        assertEquals(2, db.table("later").count());
    }

    @Test
    void pingInsertsAnEventRowThatIsNotKept() {
        ReducerCall call = db.call("ping", new byte[] {1, 2, 3}).assertCommitted();
        TableChanges pings = call.changes().get(0);
        assertEquals("pings", pings.tableName());
        assertTrue(pings.isEvent());
        assertEquals(1, pings.inserts().size());
        assertEquals(0, db.table("pings").count());
    }
}
