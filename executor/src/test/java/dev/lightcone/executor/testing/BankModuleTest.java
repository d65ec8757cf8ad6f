package dev.lightcone.executor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BankModuleTest {
    @Test
    void seedAndTransfer() {
        try (TestDatabase db = TestDatabase.load(ExampleModules.path("bank"))) {
            db.call("seed", 10).assertCommitted();
            assertEquals(10, db.table("accounts").count());
            db.callAs(TestDatabase.identity("alice"), "transfer", 1, 2, 100L).assertCommitted();
            assertEquals(900, db.table("accounts").find("id", 1).get("balance").asLong());
            assertEquals(1100, db.table("accounts").find("id", 2).get("balance").asLong());
            db.call("transfer", 1, 2, 5000L).assertFailed("insufficient funds");
            assertEquals(900, db.table("accounts").find("id", 1).get("balance").asLong(), "rolled back");
            assertEquals(10 * 1000L, db.table("accounts").json().stream().mapToLong(r -> r.get("balance").asLong()).sum());
        }
    }
}
