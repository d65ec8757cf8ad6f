package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.gateway.service.CallOutcome;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.DatabaseRef;
import dev.lightcone.sats.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Procedures through the node: they run off the writer thread; each {@code with_tx} is ordered in
 * the command log as a {@code CommittedEffects} record, so its changes survive a restart and the
 * state after a replay equals the live state.
 */
class NodeProcedureTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Identity OWNER = Identity.fromHex("c200" + "43".repeat(30));

    static CallOutcome call(Node node, DatabaseInfo db, String fn, String args) throws Exception {
        return node.call(db, NodeSqlTest.caller(OWNER), fn, JSON.readTree(args)).block();
    }

    @Test
    void proceduresReturnValuesAndTheirTransactionsAreLogged(@TempDir Path dir) throws Exception {
        byte[] wasm = Files.readAllBytes(NodeSqlTest.dist().resolve("feature-procedures.wasm"));
        try (Node node = Node.open(dir)) {
            node.create(Optional.of("procs"), OWNER, wasm).get(60, TimeUnit.SECONDS);
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName("procs")).block();
            CallOutcome.ProcedureReturned sum = assertInstanceOf(CallOutcome.ProcedureReturned.class,
                    call(node, db, "add_two", "[2, 40]"));
            assertEquals("42", sum.value().toString());
            assertInstanceOf(CallOutcome.ProcedureReturned.class, call(node, db, "insert_entry", "[\"first\"]"));
            assertInstanceOf(CallOutcome.ProcedureReturned.class, call(node, db, "insert_two", "[\"a\", \"b\"]"));
            // A panic in the second of two transactions keeps the first (conformance checklist 54).
            assertInstanceOf(CallOutcome.Failed.class, call(node, db, "insert_then_panic", "[\"kept\", \"lost\"]"));
            // Reducer calls interleave with procedure transactions in log order.
            assertInstanceOf(CallOutcome.Committed.class, call(node, db, "add_entry", "[\"by reducer\"]"));
            assertEquals(5, rows(node, db));
        }
        try (Node node = Node.open(dir)) {
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName("procs")).block();
            assertEquals(5, rows(node, db), "procedure transactions are replayed from the log");
            String texts = node.sql(db, NodeSqlTest.caller(OWNER), "SELECT * FROM entries", true).block().get(0).rows()
                    .toString();
            assertTrue(texts.contains("kept") && !texts.contains("lost") && texts.contains("by reducer"), texts);
        }
        // Without effects and snapshots the log alone rebuilds the same rows: procedure transactions are
        // re-applied from their CommittedEffects records, not re-run.
        try (var dirs = Files.list(dir.resolve("databases"))) {
            for (Path d : dirs.toList()) {
                deleteTree(d.resolve("effects"));
                deleteTree(d.resolve("snapshots"));
            }
        }
        try (Node node = Node.open(dir)) {
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName("procs")).block();
            assertEquals(5, rows(node, db));
        }
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static int rows(Node node, DatabaseInfo db) {
        return node.sql(db, NodeSqlTest.caller(OWNER), "SELECT * FROM entries", true).block().get(0).rows().size();
    }
}
