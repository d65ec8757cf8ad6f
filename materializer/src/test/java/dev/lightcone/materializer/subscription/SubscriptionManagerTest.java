package dev.lightcone.materializer.subscription;

import static dev.lightcone.materializer.Fixture.ALICE;
import static dev.lightcone.materializer.Fixture.BOB;
import static dev.lightcone.materializer.Fixture.OWNER;
import static dev.lightcone.materializer.Fixture.ids;
import static dev.lightcone.materializer.Fixture.person;
import static dev.lightcone.materializer.Fixture.pet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.materializer.Fixture;
import dev.lightcone.materializer.plan.SqlCaller;
import dev.lightcone.sats.ConnectionId;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriptionManagerTest {
    static final ConnectionId C1 = ConnectionId.fromWords(1, 0);
    static final ConnectionId C2 = ConnectionId.fromWords(2, 0);
    static final ConnectionId C3 = ConnectionId.fromWords(3, 0);

    Fixture f;
    SubscriptionManager subs;
    final SqlCaller alice = SqlCaller.client(ALICE);
    final SqlCaller bob = SqlCaller.client(BOB);

    @BeforeEach
    void setUp() {
        f = new Fixture();
        subs = new SubscriptionManager(f.compiler);
        f.tx(tx -> {
            tx.insert(f.id("person"), person(1, "ann", 30, ALICE, null, 0));
            tx.insert(f.id("person"), person(2, "bob", 40, BOB, null, 0));
        });
    }

    private QuerySetRows subscribe(ConnectionId c, SqlCaller who, int qs, String... sql) {
        return subs.subscribe(c, who, qs, List.of(sql), f.reader());
    }

    private TransactionUpdates commit(Consumer<MutTx> body) {
        List<TableChanges> changes = f.tx(body);
        return subs.onTransaction(changes, f.reader());
    }

    @Test
    void initialRowsOnePerQuery() {
        QuerySetRows rows = subscribe(C1, alice, 0, "SELECT * FROM person WHERE age > 35", "SELECT * FROM person",
                "SELECT * FROM person");
        assertEquals(2, rows.tables().size());
        assertEquals("person", rows.tables().get(0).table());
        assertEquals(List.of(2L), ids(Fixture.PERSON, rows.tables().get(0).rows()));
        assertEquals(List.of(1L, 2L), ids(Fixture.PERSON, rows.tables().get(1).rows()));
    }

    @Test
    void identicalQueriesAreEvaluatedOnceAndShared() {
        subscribe(C1, alice, 0, "SELECT * FROM person WHERE age > 35");
        subscribe(C2, bob, 7, "SELECT * FROM person WHERE age > 35");
        assertEquals(1, subs.sharedQueryCount());
        long before = subs.evaluations();
        TransactionUpdates u = commit(tx -> tx.insert(f.id("person"), person(3, "cy", 50, ALICE, null, 0)));
        assertEquals(1, subs.evaluations() - before);
        assertEquals(1, u.queries().size());
        assertEquals(2, u.clients().size());
        assertEquals(C1, u.clients().get(0).client());
        assertEquals(C2, u.clients().get(1).client());
        QueryDelta q1 = u.clients().get(0).querySets().get(0).tables().get(0).updates().get(0);
        QueryDelta q2 = u.clients().get(1).querySets().get(0).tables().get(0).updates().get(0);
        assertSame(q1, q2);
        assertEquals(7, u.clients().get(1).querySets().get(0).querySetId());
        assertEquals(List.of(3L), ids(Fixture.PERSON, q1.inserts()));
        assertSame(u.clients().get(0).querySets().get(0).tables(), u.clients().get(1).querySets().get(0).tables(),
                "sets of the same queries share their tables, whatever their ids");
        assertEquals(q1.inserts().get(0).size(), q1.rowBytes());
    }

    @Test
    void clientsWithTheSameQuerySetsShareOneUpdate() {
        subscribe(C1, alice, 4, "SELECT * FROM person WHERE age > 35");
        subscribe(C2, bob, 4, "SELECT * FROM person WHERE age > 35");
        subscribe(C3, alice, 5, "SELECT * FROM person WHERE age > 35");
        TransactionUpdates u = commit(tx -> tx.insert(f.id("person"), person(3, "cy", 50, ALICE, null, 0)));
        assertEquals(List.of(C1, C2, C3), u.clients().stream().map(ClientUpdate::client).toList());
        assertSame(u.clients().get(0).querySets(), u.clients().get(1).querySets(), "same set id, same queries");
        assertNotSame(u.clients().get(0).querySets(), u.clients().get(2).querySets(), "another set id");
        assertEquals(5, u.clients().get(2).querySets().get(0).querySetId());
    }

    @Test
    void senderQueriesAreSharedPerIdentity() {
        subscribe(C1, alice, 0, "SELECT * FROM person WHERE owner = :sender");
        subscribe(C2, bob, 0, "SELECT * FROM person WHERE owner = :sender");
        subscribe(C3, alice, 0, "SELECT * FROM person WHERE owner = :sender");
        assertEquals(2, subs.sharedQueryCount());
        long before = subs.evaluations();
        TransactionUpdates u = commit(tx -> tx.insert(f.id("person"), person(3, "cy", 50, ALICE, null, 0)));
        assertEquals(2, subs.evaluations() - before);
        assertEquals(List.of(C1, C3), u.clients().stream().map(ClientUpdate::client).toList());
    }

    @Test
    void nonMatchingChangesSendNothing() {
        subscribe(C1, alice, 0, "SELECT * FROM person WHERE age > 35");
        assertTrue(commit(tx -> tx.insert(f.id("person"), person(3, "cy", 20, ALICE, null, 0))).isEmpty());
        assertTrue(commit(tx -> tx.insert(f.id("pet"), pet(1, 1, "cat", 1))).isEmpty());
    }

    @Test
    void onlyAffectedQuerySetsAndTablesAreReported() {
        subscribe(C1, alice, 0, "SELECT * FROM person");
        subscribe(C1, alice, 1, "SELECT * FROM pet", "SELECT * FROM pet WHERE kind = 'cat'", "SELECT * FROM person");
        TransactionUpdates u = commit(tx -> tx.insert(f.id("pet"), pet(1, 1, "cat", 1)));
        assertEquals(1, u.clients().size());
        List<QuerySetDelta> sets = u.clients().get(0).querySets();
        assertEquals(1, sets.size());
        assertEquals(1, sets.get(0).querySetId());
        assertEquals(1, sets.get(0).tables().size());
        TableDelta pets = sets.get(0).tables().get(0);
        assertEquals("pet", pets.tableName());
        assertEquals(2, pets.updates().size(), "one entry per affected query");
    }

    @Test
    void updatesAreDeletePlusInsertInOneMessage() {
        subscribe(C1, alice, 0, "SELECT * FROM person");
        int pk = f.table("person").indexes().stream().filter(i -> i.columns().equals(List.of(0))).findFirst()
                .orElseThrow().indexId();
        TransactionUpdates u = commit(tx -> tx.update(f.id("person"), pk, person(1, "ann2", 31, ALICE, null, 0)));
        QueryDelta q = u.queries().get(0);
        assertEquals(List.of(1L), ids(Fixture.PERSON, q.inserts()));
        assertEquals(List.of(1L), ids(Fixture.PERSON, q.deletes()));
    }

    @Test
    void joinQueryFollowsTheOtherTable() {
        subscribe(C1, alice, 0, "SELECT p.* FROM person p JOIN pet ON p.id = pet.owner_id WHERE pet.kind = 'cat'");
        TransactionUpdates u = commit(tx -> tx.insert(f.id("pet"), pet(5, 1, "cat", 1)));
        assertEquals(List.of(1L), ids(Fixture.PERSON, u.queries().get(0).inserts()));
        assertEquals("person", u.clients().get(0).querySets().get(0).tables().get(0).tableName());
        u = commit(tx -> tx.delete(f.id("pet"), new dev.lightcone.executor.datastore.Row(pet(5, 1, "cat", 1))));
        assertEquals(List.of(1L), ids(Fixture.PERSON, u.queries().get(0).deletes()));
    }

    @Test
    void eventTablesDeliverInsertsOnly() {
        subscribe(C1, alice, 0, "SELECT * FROM ev WHERE msg = 'hi'");
        TransactionUpdates u = commit(tx -> {
            tx.insert(f.id("ev"), Fixture.ev(1, "hi"));
            tx.insert(f.id("ev"), Fixture.ev(2, "yo"));
        });
        QueryDelta q = u.queries().get(0);
        assertTrue(q.isEvent());
        assertEquals(List.of(1L), ids(Fixture.EV, q.inserts()));
        assertTrue(q.deletes().isEmpty());
        assertEquals(0, f.ds.table(f.id("ev")).size());
    }

    @Test
    void unsubscribeReturnsCurrentRowsAndStopsUpdates() {
        subscribe(C1, alice, 0, "SELECT * FROM person WHERE age > 35");
        commit(tx -> tx.insert(f.id("person"), person(3, "cy", 50, ALICE, null, 0)));
        QuerySetRows dropped = subs.unsubscribe(C1, 0, true, f.reader()).orElseThrow();
        assertEquals(List.of(2L, 3L), ids(Fixture.PERSON, dropped.tables().get(0).rows()));
        assertEquals(0, subs.sharedQueryCount());
        assertFalse(subs.hasQuerySet(C1, 0));
        assertTrue(commit(tx -> tx.insert(f.id("person"), person(4, "dee", 60, ALICE, null, 0))).isEmpty());
    }

    @Test
    void querySetIdsCannotBeReusedWhileActive() {
        subscribe(C1, alice, 0, "SELECT * FROM person");
        SubscriptionException e = assertThrows(SubscriptionException.class,
                () -> subscribe(C1, alice, 0, "SELECT * FROM pet"));
        assertEquals("Subscription with id 0 already exists", e.getMessage());
        subs.unsubscribe(C1, 0, false, f.reader());
        subscribe(C1, alice, 0, "SELECT * FROM pet");
        assertThrows(SubscriptionException.class, () -> subs.unsubscribe(C2, 0, false, f.reader()));
    }

    @Test
    void aFailingQueryRegistersNothing() {
        SubscriptionException e = assertThrows(SubscriptionException.class,
                () -> subscribe(C1, alice, 0, "SELECT * FROM person", "SELECT * FROM secret"));
        assertEquals("no such table: `secret`. If the table exists, it may be marked private.", e.getMessage());
        assertEquals(0, subs.sharedQueryCount());
        assertFalse(subs.hasQuerySet(C1, 0));
        e = assertThrows(SubscriptionException.class,
                () -> subscribe(C1, alice, 0, "SELECT loose.* FROM loose JOIN person ON loose.a = person.age"));
        assertEquals("Subscriptions require indexes on join columns", e.getMessage());
    }

    @Test
    void selectAllTablesIsOneQueryPerReadableTable() {
        QuerySetRows rows = subscribe(C1, alice, 0, "SELECT * FROM *");
        assertEquals(List.of("person", "pet", "loose", "users"), rows.tables().stream().map(TableRows::table).toList());
        QuerySetRows owner = subscribe(C2, SqlCaller.owner(OWNER), 0, "SELECT * FROM *");
        assertTrue(owner.tables().stream().anyMatch(t -> t.table().equals("secret")));
        assertEquals(2, commit(tx -> tx.insert(f.id("loose"), Fixture.loose(1, 1))).clients().size());
    }

    @Test
    void rowLevelSecurityFiltersNonOwnerSubscriptions() {
        f = new Fixture("SELECT * FROM users WHERE identity = :sender");
        subs = new SubscriptionManager(f.compiler);
        subscribe(C1, alice, 0, "SELECT * FROM users");
        subscribe(C2, bob, 0, "SELECT * FROM users");
        subscribe(C3, SqlCaller.owner(OWNER), 0, "SELECT * FROM users");
        TransactionUpdates u = commit(tx -> tx.insert(f.id("users"), Fixture.user(ALICE, "alice")));
        assertEquals(List.of(C1, C3), u.clients().stream().map(ClientUpdate::client).toList());
    }

    @Test
    void removeClientDropsEverything() {
        subscribe(C1, alice, 0, "SELECT * FROM person");
        subscribe(C1, alice, 1, "SELECT * FROM pet");
        subs.removeClient(C1);
        assertEquals(0, subs.sharedQueryCount());
        assertEquals(0, subs.clientCount());
        assertTrue(commit(tx -> tx.insert(f.id("pet"), pet(1, 1, "cat", 1))).isEmpty());
    }

    @Test
    void aModuleUpdateCarriesQuerySetsOverAndReportsThoseThatNoLongerCompile() {
        subscribe(C1, alice, 0, "SELECT * FROM person");
        subscribe(C1, alice, 1, "SELECT * FROM pet");
        // The update makes `person` private: alice may no longer read it.
        List<dev.lightcone.sats.moduledef.TableSchema> tables = new java.util.ArrayList<>();
        for (dev.lightcone.sats.moduledef.TableSchema t : f.module.tables()) {
            tables.add(!t.name().equals("person") ? t : new dev.lightcone.sats.moduledef.TableSchema(t.tableId(),
                    t.name(), t.sourceName(), t.rowType(), t.columns(), t.primaryKey(), t.indexes(),
                    t.uniqueConstraints(), t.sequences(), false, t.isEvent(), t.schedule(), t.defaultValues()));
        }
        SubscriptionManager next = new SubscriptionManager(new dev.lightcone.materializer.plan.QueryCompiler(
                new dev.lightcone.materializer.plan.Catalog(tables, List.of(), List.of())));
        List<QuerySetFailure> failures = next.adopt(subs, f.reader());
        assertEquals(1, failures.size(), failures::toString);
        assertEquals(C1, failures.get(0).client());
        assertEquals(0, failures.get(0).querySetId());
        assertFalse(next.hasQuerySet(C1, 0));
        assertTrue(next.hasQuerySet(C1, 1), "the query set that still compiles carries over");
        List<TableChanges> changes = f.tx(tx -> tx.insert(f.id("pet"), pet(9, 1, "dog", 2)));
        TransactionUpdates u = next.onTransaction(changes, f.reader());
        assertEquals(1, u.clients().size(), "the carried-over subscription keeps streaming");
    }
}
