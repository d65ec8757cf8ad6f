package dev.lightcone.materializer.engine;

import static dev.lightcone.materializer.Fixture.ALICE;
import static dev.lightcone.materializer.Fixture.BOB;
import static dev.lightcone.materializer.Fixture.OWNER;
import static dev.lightcone.materializer.Fixture.ids;
import static dev.lightcone.materializer.Fixture.person;
import static dev.lightcone.materializer.Fixture.pet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.executor.datastore.UniqueConstraintViolationException;
import dev.lightcone.materializer.Fixture;
import dev.lightcone.materializer.plan.SqlCaller;
import dev.lightcone.materializer.plan.SqlAuthorizationException;
import dev.lightcone.materializer.plan.TableReader;
import dev.lightcone.materializer.sql.SqlException;
import dev.lightcone.sats.SumType;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqlEngineTest {
    Fixture f;
    SqlEngine engine;
    final SqlCaller alice = SqlCaller.client(ALICE);
    final SqlCaller owner = SqlCaller.owner(OWNER);

    @BeforeEach
    void setUp() {
        f = new Fixture(b -> b.addView("my_view", false, dev.lightcone.sats.AlgebraicType.array(
                b.addType("V", dev.lightcone.sats.ProductType.of("x", dev.lightcone.sats.PrimitiveType.U32)))));
        engine = new SqlEngine(f.catalog);
        f.tx(tx -> {
            tx.insert(f.id("person"), person(1, "ann", 30, ALICE, null, 0));
            tx.insert(f.id("person"), person(2, "bob", 40, BOB, "b", 1_500_000));
            tx.insert(f.id("pet"), pet(10, 1, "cat", 4.5));
            tx.insert(f.id("pet"), pet(11, 1, "dog", 20));
            tx.insert(f.id("secret"), Fixture.secret(1, "s"));
        });
    }

    private SqlResult query(String sql, SqlCaller c) {
        PreparedQuery q = assertInstanceOf(PreparedQuery.class, engine.prepare(sql, c));
        return q.execute(f.reader());
    }

    private String json(String sql, SqlCaller c) {
        SqlResult r = query(sql, c);
        return r.schemaJson() + " " + r.jsonRows();
    }

    private DmlStats dml(String sql) {
        PreparedDml d = assertInstanceOf(PreparedDml.class, engine.prepare(sql, owner));
        DmlStats[] stats = new DmlStats[1];
        f.tx(tx -> stats[0] = d.execute(tx));
        return stats[0];
    }

    private void fails(String sql, SqlCaller c, String message) {
        SqlException e = assertThrows(SqlException.class, () -> engine.prepare(sql, c));
        assertEquals(message, e.getMessage());
    }

    @Test
    void selectStarRendersSchemaAndPositionalRows() {
        SqlResult r = query("SELECT * FROM person WHERE id = 2", alice);
        assertEquals(Fixture.PERSON, r.schema());
        // A u256 is a 0x hex string without leading zeros, as upstream renders it.
        String bob = "\"0x" + new java.math.BigInteger(1, BOB.toBigEndian()).toString(16) + "\"";
        String ann = "\"0x" + new java.math.BigInteger(1, ALICE.toBigEndian()).toString(16) + "\"";
        // Identity and Timestamp are products; Option is a sum: [tag, payload] (some = 0, none = 1).
        assertEquals("[[2,\"bob\",40,[" + bob + "],[0,\"b\"],[1500000]]]", r.jsonRows().toString());
        assertEquals("[[1,\"ann\",30,[" + ann + "],[1,[]],[0]]]",
                query("SELECT * FROM person WHERE id = 1", alice).jsonRows().toString());
        assertEquals("{\"elements\":[{\"name\":{\"some\":\"id\"},\"algebraic_type\":{\"U64\":[]}},"
                + "{\"name\":{\"some\":\"name\"},\"algebraic_type\":{\"String\":[]}}]}",
                query("SELECT id, name FROM person", alice).schemaJson().toString());
        assertEquals("[[4.5],[20.0]]", query("SELECT weight FROM pet", alice).jsonRows().toString());
    }

    @Test
    void projectionsWithAliases() {
        assertEquals("[[\"ann\",30],[\"bob\",40]]",
                query("SELECT name, age AS years FROM person", alice).jsonRows().toString());
        assertEquals("years", query("SELECT name, age AS years FROM person", alice).schema().elements().get(1)
                .name().orElseThrow());
        assertEquals("[[[1,[]],[0]]]",
                query("SELECT nick, created FROM person WHERE id = 1", alice).jsonRows().toString());
        assertEquals(SumType.option(dev.lightcone.sats.PrimitiveType.STRING),
                query("SELECT nick FROM person", alice).schema().typeAt(0));
        fails("SELECT name, age AS name FROM person", alice, "Duplicate name `name`");
    }

    @Test
    void joinsCountAndLimit() {
        assertEquals("[[\"ann\",\"cat\"],[\"ann\",\"dog\"]]",
                query("SELECT p.name, q.kind FROM person p JOIN pet q ON p.id = q.owner_id", alice).jsonRows().toString());
        assertEquals("[[2]]", query("SELECT COUNT(*) AS n FROM person p JOIN pet q ON p.id = q.owner_id", alice)
                .jsonRows().toString());
        assertEquals("{\"elements\":[{\"name\":{\"some\":\"n\"},\"algebraic_type\":{\"U64\":[]}}]}",
                query("SELECT COUNT(*) AS n FROM person", alice).schemaJson().toString());
        assertEquals("[[2]]", query("SELECT COUNT(*) AS n FROM person", alice).jsonRows().toString());
        assertEquals(1, query("SELECT * FROM person LIMIT 1", alice).rows().size());
        assertEquals(0, query("SELECT * FROM person LIMIT 0", alice).rows().size());
        assertEquals(List.of(10L, 11L), ids(Fixture.PET, query("SELECT q.* FROM person p JOIN pet q ON p.id = q.owner_id",
                alice).rows().stream().map(Row::new).toList()));
        fails("SELECT * FROM person p JOIN pet q ON p.id = q.owner_id", alice, "SELECT * is not supported for joins");
    }

    @Test
    void threeWayJoinWithoutIndexes() {
        f.tx(tx -> tx.insert(f.id("loose"), Fixture.loose(30, 7)));
        assertEquals("[[\"ann\",\"cat\",7]]", query("SELECT p.name, q.kind, l.b FROM person p JOIN pet q ON "
                + "p.id = q.owner_id JOIN loose l ON l.a = p.age WHERE q.kind = 'cat'", alice).jsonRows().toString());
    }

    @Test
    void privateAndEventTables() {
        fails("SELECT * FROM secret", alice, "no such table: `secret`. If the table exists, it may be marked private.");
        assertEquals("[[1,\"s\"]]", query("SELECT * FROM secret", owner).jsonRows().toString());
        MutTx tx = f.ds.begin();
        try {
            tx.insert(f.id("ev"), Fixture.ev(1, "x"));
            PreparedQuery q = (PreparedQuery) engine.prepare("SELECT * FROM ev", owner);
            assertEquals(0, q.execute(TableReader.of(tx)).rows().size());
        } finally {
            tx.rollback();
        }
        assertEquals("[[0]]", query("SELECT COUNT(*) AS n FROM ev", owner).jsonRows().toString());
    }

    @Test
    void rowLevelSecurityAppliesToNonOwnersOnly() {
        f = new Fixture("SELECT * FROM users WHERE identity = :sender");
        engine = new SqlEngine(f.catalog);
        f.tx(tx -> {
            tx.insert(f.id("users"), Fixture.user(ALICE, "alice"));
            tx.insert(f.id("users"), Fixture.user(BOB, "bob"));
        });
        assertEquals("[[\"alice\"]]", query("SELECT name FROM users", alice).jsonRows().toString());
        assertEquals("[[\"bob\"]]", query("SELECT name FROM users", SqlCaller.client(BOB)).jsonRows().toString());
        assertEquals("[[\"alice\"],[\"bob\"]]", query("SELECT name FROM users", owner).jsonRows().toString());
        assertEquals("[[1]]", query("SELECT COUNT(*) AS n FROM users", alice).jsonRows().toString());
    }

    @Test
    void insertWithAutoIncAndColumnList() {
        assertEquals(new DmlStats(2, 0, 0),
                dml("INSERT INTO pet (kind, id, owner_id, weight) VALUES ('fish', 20, 2, 1.25), ('cow', 21, 2, 1e3)"));
        assertEquals("[[\"fish\",1.25],[\"cow\",1000.0]]",
                query("SELECT kind, weight FROM pet WHERE owner_id = 2", owner).jsonRows().toString());
        assertEquals(new DmlStats(1, 0, 0), dml("INSERT INTO loose VALUES (1, 2)"));
        assertEquals(new DmlStats(0, 0, 0), dml("INSERT INTO loose VALUES (1, 2)"));
    }

    @Test
    void insertFillsAutoIncrement() {
        f = new Fixture(b -> b.addTable("counter", b.addType("Counter", dev.lightcone.sats.ProductType.of(
                "id", dev.lightcone.sats.PrimitiveType.U64, "who", dev.lightcone.sats.SpecialTypes.IDENTITY)),
                t -> t.withPrimaryKey(0).addAutoInc(0)));
        engine = new SqlEngine(f.catalog);
        assertEquals(new DmlStats(2, 0, 0), dml("INSERT INTO counter VALUES (0, :sender), (0, '" + BOB.toHex() + "')"));
        assertEquals("[[1],[2]]", query("SELECT id FROM counter", owner).jsonRows().toString());
        assertEquals("[[1]]", query("SELECT id FROM counter WHERE who = :sender", owner).jsonRows().toString());
    }

    @Test
    void updateAndDelete() {
        assertEquals(new DmlStats(0, 0, 2), dml("UPDATE pet SET kind = 'bird', weight = 1 WHERE owner_id = 1"));
        assertEquals("[[10,\"bird\",1.0],[11,\"bird\",1.0]]",
                query("SELECT id, kind, weight FROM pet", owner).jsonRows().toString());
        assertEquals(new DmlStats(0, 1, 0), dml("DELETE FROM pet WHERE id = 10"));
        f.tx(tx -> tx.insert(f.id("pet"), pet(12, 2, "cat", 1)));
        assertEquals(new DmlStats(0, 1, 0), dml("DELETE FROM pet WHERE id >= 11 AND id < 12"));
        assertEquals("[[12]]", query("SELECT id FROM pet", owner).jsonRows().toString());
        assertEquals(new DmlStats(0, 0, 0), dml("UPDATE pet SET kind = 'x' WHERE id = 99"));
        assertEquals(new DmlStats(0, 2, 0), dml("DELETE FROM person"));
        assertEquals("[[0]]", query("SELECT COUNT(*) AS n FROM person", owner).jsonRows().toString());
    }

    @Test
    void dmlChangesAreOrdinaryTableChanges() {
        PreparedDml d = (PreparedDml) engine.prepare("UPDATE person SET age = 31 WHERE id = 1", owner);
        List<TableChanges> changes = f.tx(d::execute);
        assertEquals(1, changes.size());
        assertEquals(1, changes.get(0).inserts().size());
        assertEquals(1, changes.get(0).deletes().size());
    }

    @Test
    void updateViolatingUniquenessFails() {
        PreparedDml d = (PreparedDml) engine.prepare("UPDATE pet SET id = 10 WHERE id = 11", owner);
        assertThrows(UniqueConstraintViolationException.class, () -> f.tx(d::execute));
        assertEquals("[[2]]", query("SELECT COUNT(*) AS n FROM pet", owner).jsonRows().toString());
    }

    @Test
    void dmlErrors() {
        fails("DELETE FROM pet", alice, "SqlCaller " + ALICE.toHex() + " is not authorized to run SQL DML statements");
        fails("INSERT INTO pet VALUES (1, 2, 'x', 1)", alice,
                "SqlCaller " + ALICE.toHex() + " is not authorized to run SQL DML statements");
        fails("UPDATE pet SET kind = 'x'", alice, "SqlCaller " + ALICE.toHex() + " is not authorized to run SQL DML statements");
        fails("DELETE FROM my_view", owner, "`my_view` is a view; DML on views is not supported");
        fails("INSERT INTO nope VALUES (1)", owner, "no such table: `nope`. If the table exists, it may be marked private.");
        fails("INSERT INTO pet VALUES (1, 2)", owner, "Inserting a row with 2 values into `pet` which has 4 fields");
        fails("INSERT INTO pet (id, kind) VALUES (1, 'x')", owner,
                "The number of fields (2) in the INSERT does not match the number of columns (4) of the table `pet`");
        fails("INSERT INTO pet (id, kind, nope, weight) VALUES (1, 2, 'x', 1)", owner, "`pet` does not have a field `nope`");
        fails("INSERT INTO pet VALUES ('x', 2, 'x', 1)", owner, "The literal expression `'x'` cannot be parsed as type `U64`");
        fails("UPDATE pet SET nope = 1", owner, "`pet` does not have a field `nope`");
        fails("DELETE FROM pet WHERE nope = 1", owner, "`pet` does not have a field `nope`");
        fails("SELECT * FROM *", owner, "Unsupported: SELECT * FROM * outside subscriptions");
        fails("SELECT * FROM pet; DELETE FROM pet", owner, "Multiple SQL statements are not supported");
    }

    @Test
    void responseJson() {
        SqlResult r = query("SELECT id FROM pet WHERE id = 10", alice);
        assertEquals("{\"schema\":{\"elements\":[{\"name\":{\"some\":\"id\"},\"algebraic_type\":{\"U64\":[]}}]},"
                + "\"rows\":[[10]],\"total_duration_micros\":5,"
                + "\"stats\":{\"rows_inserted\":0,\"rows_deleted\":0,\"rows_updated\":0}}", r.toJson(5).toString());
        assertEquals("{\"schema\":{\"elements\":[]},\"rows\":[],\"total_duration_micros\":1,"
                + "\"stats\":{\"rows_inserted\":1,\"rows_deleted\":0,\"rows_updated\":0}}",
                SqlResult.of(new DmlStats(1, 0, 0)).toJson(1).toString());
    }
}
