package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.DatabaseRef;
import dev.lightcone.gateway.service.ServiceException;
import dev.lightcone.gateway.service.SqlStatementResult;
import dev.lightcone.sats.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL through the node: reads on the writer thread, DML as logged records that survive a restart. */
class NodeSqlTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Identity OWNER = Identity.fromHex("c200" + "42".repeat(30));

    static Caller caller(Identity id) {
        return new Caller(id, "localhost", "test", "token", JSON.createObjectNode());
    }

    static List<SqlStatementResult> sql(Node node, DatabaseInfo db, Identity who, String sql) {
        return node.sql(db, caller(who), sql, true).block();
    }

    @Test
    void ownerDmlIsLoggedAndSurvivesRestart(@TempDir Path dir) throws Exception {
        byte[] bank = Files.readAllBytes(dist().resolve("bank.wasm"));
        try (Node node = Node.open(dir)) {
            node.create(Optional.of("bank"), OWNER, bank).get(60, TimeUnit.SECONDS);
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName("bank")).block();
            List<SqlStatementResult> ins = sql(node, db, OWNER, "INSERT INTO accounts (id, balance) VALUES (7, 70), (8, 80)");
            assertEquals(2, ins.get(0).stats().rowsInserted());
            assertEquals(1, sql(node, db, OWNER, "UPDATE accounts SET balance = 71 WHERE id = 7").get(0).stats().rowsUpdated());
            assertEquals(1, sql(node, db, OWNER, "DELETE FROM accounts WHERE id = 8").get(0).stats().rowsDeleted());
            ServiceException e = assertThrows(ServiceException.class,
                    () -> sql(node, db, Identity.fromHex("c200" + "99".repeat(30)), "DELETE FROM accounts"));
            assertTrue(e.getMessage().contains("not authorized to run SQL DML"), e.getMessage());
            assertThrows(ServiceException.class, () -> sql(node, db, OWNER, "INSERT INTO accounts (id, balance) VALUES (7, 1)"));
        }
        try (Node node = Node.open(dir)) {
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName("bank")).block();
            SqlStatementResult r = sql(node, db, OWNER, "SELECT * FROM accounts").get(0);
            assertEquals(1, r.rows().size());
            assertEquals("[7,71]", r.rows().get(0).toString());
        }
    }

    static Path dist() {
        Path d = Paths.get("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("modules").resolve("dist"))) {
            d = d.getParent();
        }
        return d.resolve("modules").resolve("dist");
    }
}
