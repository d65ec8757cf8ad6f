package dev.lightcone.testing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.testing.ReducerCall;
import dev.lightcone.testing.TestDatabase;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark's bank module: seeding, transfers and their failures, conservation of money. */
class BankModuleTest {
    private static final int ACCOUNTS = 10;

    private TestDatabase db;

    @BeforeEach
    void load() {
        db = TestDatabase.load(ExampleModules.path("bank"));
        db.call("seed", ACCOUNTS).assertCommitted();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private long balance(int id) {
        return db.table("accounts").find("id", id).get("balance").asLong();
    }

    private long total() {
        return db.table("accounts").json().stream().mapToLong(r -> r.get("balance").asLong()).sum();
    }

    @Test
    void seedCreatesAccountsAndIsIdempotent() {
        assertEquals(ACCOUNTS, db.table("accounts").count());
        assertEquals(1000, balance(0));
        ReducerCall again = db.call("seed", ACCOUNTS + 2).assertCommitted();
        assertEquals(ACCOUNTS + 2, db.table("accounts").count());
        assertEquals(2, again.changes().get(0).inserts().size(), "existing accounts are left alone");
    }

    @Test
    void transferMovesMoneyInOneTransaction() {
        ReducerCall call = db.callAs(TestDatabase.identity("alice"), "transfer", 1, 2, 100L).assertCommitted();
        assertEquals(900, balance(1));
        assertEquals(1100, balance(2));
        assertEquals(2, call.changes().get(0).deletes().size(), "two updates: old rows out");
        assertEquals(2, call.changes().get(0).inserts().size(), "new rows in");
    }

    @Test
    void failedTransfersChangeNothing() {
        db.call("transfer", 1, 2, 5000L).assertFailed("insufficient funds");
        db.call("transfer", 1, 99, 10L).assertFailed("no account 99");
        db.call("transfer", 99, 1, 10L).assertFailed("no account 99");
        db.call("transfer", 1, 2, -1L).assertFailed("amount must not be negative");
        assertEquals(1000, balance(1));
        assertEquals(1000, balance(2));
    }

    @Test
    void totalBalanceIsConservedAcrossRandomTransfers() {
        long seed = 20250101L;
        Random random = new Random(seed);
        int committed = 0;
        for (int i = 0; i < 500; i++) {
            int from = random.nextInt(ACCOUNTS + 1);   // ACCOUNTS itself does not exist
            int to = random.nextInt(ACCOUNTS + 1);
            long amount = random.nextInt(1500);
            if (db.call("transfer", from, to, amount).committed()) {
                committed++;
            }
            assertEquals(ACCOUNTS * 1000L, total(), "seed " + seed + ", step " + i);
        }
        // Some transfers fail (missing accounts, insufficient funds) and some succeed: both paths ran.
        assertTrue(committed > 100 && committed < 500, "committed " + committed);
    }
}
