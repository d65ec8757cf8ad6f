package dev.lightcone.materializer.plan;

import static dev.lightcone.materializer.Fixture.ALICE;
import static dev.lightcone.materializer.Fixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.datastore.UniqueConstraintViolationException;
import dev.lightcone.materializer.Fixture;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.moduledef.IndexSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The incremental contract: for random workloads, applying every transaction's delta to the initial
 * result gives exactly (as a multiset) what evaluating the query from scratch gives. Each failure
 * names its seed; rerun one with {@code -Dmaterializer.seed=N}.
 */
class IncrementalPropertyTest {
    private static final int SEEDS = Integer.getInteger("materializer.seeds", 150);
    private static final int TRANSACTIONS = 25;

    private static final List<String> QUERIES = List.of(
            "SELECT * FROM person WHERE age > 25",
            "SELECT * FROM person WHERE owner = :sender AND age != 30",
            "SELECT * FROM pet WHERE kind = 'cat' OR weight >= 10",
            "SELECT p.* FROM person p JOIN pet ON p.id = pet.owner_id WHERE pet.kind = 'cat'",
            "SELECT pet.* FROM person JOIN pet ON person.id = pet.owner_id WHERE person.age >= 30",
            "SELECT a.* FROM pet a JOIN pet b ON a.owner_id = b.owner_id WHERE b.kind = 'dog'",
            "SELECT ev.* FROM ev JOIN person ON ev.id = person.id WHERE person.age > 20",
            "SELECT * FROM ev WHERE msg = 'hi'");

    /** RLS turns {@code SELECT * FROM pet} into a union of join fragments for non-owners. */
    private static final String[] RLS = {
        "SELECT * FROM person WHERE owner = :sender",
        "SELECT * FROM person WHERE age > 45",
        "SELECT pet.* FROM pet JOIN person ON pet.owner_id = person.id"};

    @Test
    void deltasMatchRecomputation() {
        Integer only = Integer.getInteger("materializer.seed");
        for (int seed = 0; seed < SEEDS; seed++) {
            if (only == null || only == seed) {
                run(seed, false);
            }
        }
    }

    @Test
    void deltasMatchRecomputationUnderRowLevelSecurity() {
        for (int seed = 0; seed < SEEDS / 3; seed++) {
            run(seed, true);
        }
    }

    private void run(int seed, boolean rls) {
        Random rnd = new Random(seed);
        Fixture f = rls ? new Fixture(RLS) : new Fixture();
        SqlCaller caller = SqlCaller.client(ALICE);
        List<CompiledQuery> queries = new ArrayList<>();
        for (String sql : rls ? List.of("SELECT * FROM pet", "SELECT * FROM person", "SELECT * FROM pet WHERE kind = 'dog'")
                : QUERIES) {
            queries.add(f.compiler.compileSubscription(sql, caller).get(0));
        }
        // Start from a random non-empty state so the initial result is not trivially empty.
        f.tx(tx -> randomOps(f, tx, rnd, 12));
        List<Map<Row, Integer>> running = new ArrayList<>();
        for (CompiledQuery q : queries) {
            running.add(bag(q.evaluate(f.reader())));
        }
        ChangeSet cs;
        for (int t = 0; t < TRANSACTIONS; t++) {
            int ops = 1 + rnd.nextInt(6);
            List<TableChanges> changes = f.tx(tx -> randomOps(f, tx, rnd, ops));
            cs = ChangeSet.of(changes);
            for (int i = 0; i < queries.size(); i++) {
                CompiledQuery q = queries.get(i);
                String where = "seed " + seed + (rls ? " (rls)" : "") + ", tx " + t + ", query " + q.sql();
                Delta d = q.delta(cs, f.reader());
                Map<Row, Integer> bag = running.get(i);
                if (q.isEvent()) {
                    // Events are not kept: the delta is this transaction's result, recomputed with the events present.
                    assertTrue(d.deletes().isEmpty(), where);
                    assertEquals(bag(eventsExpected(f, q, changes)), bag(d.inserts()), where);
                    continue;
                }
                for (Row r : d.inserts()) {
                    bag.merge(r, 1, Integer::sum);
                }
                for (Row r : d.deletes()) {
                    int left = bag.merge(r, -1, Integer::sum);
                    assertTrue(left >= 0, where + ": deleted a row that was not in the result");
                    if (left == 0) {
                        bag.remove(r);
                    }
                }
                assertEquals(bag(q.evaluate(f.reader())), bag, where);
            }
        }
    }

    /** Recomputes an event query by making the events visible in a transaction and reading inside it. */
    private static List<Row> eventsExpected(Fixture f, CompiledQuery q, List<TableChanges> changes) {
        MutTx tx = f.ds.begin();
        try {
            for (TableChanges tc : changes) {
                if (tc.isEvent()) {
                    for (Row r : tc.inserts()) {
                        tx.insert(tc.tableId(), r.bytes());
                    }
                }
            }
            return q.evaluate(TableReader.of(tx));
        } finally {
            tx.rollback();
        }
    }

    private static Map<Row, Integer> bag(List<Row> rows) {
        Map<Row, Integer> m = new HashMap<>();
        for (Row r : rows) {
            m.merge(r, 1, Integer::sum);
        }
        return m;
    }

    private static void randomOps(Fixture f, MutTx tx, Random rnd, int ops) {
        int person = f.id("person");
        int pet = f.id("pet");
        int personPk = pk(f, "person");
        int petPk = pk(f, "pet");
        Identity[] owners = {ALICE, BOB};
        String[] kinds = {"cat", "dog", "fish"};
        for (int i = 0; i < ops; i++) {
            try {
                switch (rnd.nextInt(9)) {
                    case 0, 1 -> tx.insert(person, Fixture.person(1 + rnd.nextInt(12), "p" + rnd.nextInt(3),
                            10 * (1 + rnd.nextInt(5)), owners[rnd.nextInt(2)], null, 0));
                    case 2 -> deleteRandom(tx, person, rnd);
                    case 3 -> updateRandomPerson(tx, person, personPk, rnd, owners);
                    case 4, 5 -> tx.insert(pet, Fixture.pet(1 + rnd.nextInt(20), 1 + rnd.nextInt(12),
                            kinds[rnd.nextInt(3)], rnd.nextInt(4) * 5.0));
                    case 6 -> deleteRandom(tx, pet, rnd);
                    case 7 -> {
                        List<Row> rows = tx.scan(pet);
                        if (!rows.isEmpty()) {
                            long id = Fixture.ids(Fixture.PET, List.of(rows.get(rnd.nextInt(rows.size())))).get(0);
                            tx.update(pet, petPk, Fixture.pet(id, 1 + rnd.nextInt(12), kinds[rnd.nextInt(3)], 5.0));
                        }
                    }
                    default -> {
                        tx.insert(f.id("ev"), Fixture.ev(1 + rnd.nextInt(12), rnd.nextBoolean() ? "hi" : "yo"));
                        if (rnd.nextInt(4) == 0) {
                            // delete and re-insert the same row: the net change must cancel out
                            List<Row> rows = tx.scan(person);
                            if (!rows.isEmpty()) {
                                Row r = rows.get(rnd.nextInt(rows.size()));
                                tx.delete(person, r);
                                tx.insert(person, r.bytes());
                            }
                        }
                    }
                }
            } catch (UniqueConstraintViolationException e) {
                // a random primary key collided; skip the operation
            }
        }
    }

    private static void deleteRandom(MutTx tx, int table, Random rnd) {
        List<Row> rows = tx.scan(table);
        if (!rows.isEmpty()) {
            tx.delete(table, rows.get(rnd.nextInt(rows.size())));
        }
    }

    private static void updateRandomPerson(MutTx tx, int person, int pk, Random rnd, Identity[] owners) {
        List<Row> rows = tx.scan(person);
        if (!rows.isEmpty()) {
            long id = Fixture.ids(Fixture.PERSON, List.of(rows.get(rnd.nextInt(rows.size())))).get(0);
            tx.update(person, pk, Fixture.person(id, "u" + rnd.nextInt(3), 10 * (1 + rnd.nextInt(5)),
                    owners[rnd.nextInt(2)], null, 0));
        }
    }

    private static int pk(Fixture f, String table) {
        return f.table(table).indexes().stream().filter(i -> i.columns().equals(List.of(0)) && i.unique())
                .mapToInt(IndexSchema::indexId).findFirst().orElseThrow();
    }
}
