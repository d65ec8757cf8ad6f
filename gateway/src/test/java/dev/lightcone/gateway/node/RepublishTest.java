package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.gateway.service.CallOutcome;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.DatabaseRef;
import dev.lightcone.gateway.service.HostType;
import dev.lightcone.gateway.service.PublishOutcome;
import dev.lightcone.gateway.service.PublishRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Republishing the module a database already runs is a no-op: "updated", and nothing is reset. */
class RepublishTest {

    @Test
    void republishingTheSameModuleKeepsTheModuleLogAndTheData(@TempDir Path dir) throws Exception {
        byte[] chat = Files.readAllBytes(NodeSqlTest.dist().resolve("quickstart-chat.wasm"));
        try (Node node = Node.open(dir)) {
            node.create(Optional.of("chat"), NodeSqlTest.OWNER, chat).get(60, TimeUnit.SECONDS);
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName("chat")).block();
            assertInstanceOf(CallOutcome.Committed.class, node.call(db, NodeSqlTest.caller(NodeSqlTest.OWNER),
                    "send_message", NodeSqlTest.JSON.createArrayNode().add("before")).block(Duration.ofSeconds(30)));
            List<ModuleLogRecord> before = logs(node, db);
            assertTrue(!before.isEmpty(), "the module logged something");

            PublishOutcome again = node.publish(new PublishRequest(Optional.of(new DatabaseRef.ByName("chat")),
                    NodeSqlTest.caller(NodeSqlTest.OWNER), chat, HostType.WASM, false, Optional.empty(), false))
                    .block(Duration.ofSeconds(60));
            PublishOutcome.Success ok = assertInstanceOf(PublishOutcome.Success.class, again);
            assertEquals(PublishOutcome.Op.UPDATED, ok.op());

            List<ModuleLogRecord> after = logs(node, db);
            assertTrue(after.size() >= before.size() && after.subList(0, before.size()).equals(before),
                    "the module's log keeps its earlier lines");
            var rows = NodeSqlTest.sql(node, db, NodeSqlTest.OWNER, "SELECT text FROM message").get(0).rows();
            assertEquals(1, rows.size());
            assertEquals("before", rows.get(0).get(0).asText());
        }
    }

    private static List<ModuleLogRecord> logs(Node node, DatabaseInfo db) {
        return node.logs(db, NodeSqlTest.caller(NodeSqlTest.OWNER), OptionalInt.empty(), false).block()
                .collectList().block(Duration.ofSeconds(10));
    }
}
