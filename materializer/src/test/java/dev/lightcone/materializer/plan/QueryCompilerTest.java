package dev.lightcone.materializer.plan;

import static dev.lightcone.materializer.Fixture.ALICE;
import static dev.lightcone.materializer.Fixture.BOB;
import static dev.lightcone.materializer.Fixture.OWNER;
import static dev.lightcone.materializer.Fixture.ids;
import static dev.lightcone.materializer.Fixture.person;
import static dev.lightcone.materializer.Fixture.pet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.materializer.Fixture;
import dev.lightcone.materializer.sql.SqlException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryCompilerTest {
    Fixture f;
    final SqlCaller alice = SqlCaller.client(ALICE);
    final SqlCaller owner = SqlCaller.owner(OWNER);

    @BeforeEach
    void setUp() {
        f = new Fixture();
        f.tx(tx -> {
            tx.insert(f.id("person"), person(1, "ann", 30, ALICE, null, 0));
            tx.insert(f.id("person"), person(2, "bob", 40, BOB, "b", 1_000_000));
            tx.insert(f.id("person"), person(3, "cy", 50, ALICE, null, 2_000_000));
            tx.insert(f.id("pet"), pet(10, 1, "cat", 4.5));
            tx.insert(f.id("pet"), pet(11, 1, "dog", 20));
            tx.insert(f.id("pet"), pet(12, 2, "cat", 3));
        });
    }

    private CompiledQuery sub(String sql, SqlCaller c) {
        List<CompiledQuery> qs = f.compiler.compileSubscription(sql, c);
        assertEquals(1, qs.size());
        return qs.get(0);
    }

    private List<Long> personIds(String sql) {
        return ids(Fixture.PERSON, sub(sql, alice).evaluate(f.reader()));
    }

    private void fails(String sql, SqlCaller c, String message) {
        SqlException e = assertThrows(SqlException.class, () -> f.compiler.compileSubscription(sql, c));
        assertEquals(message, e.getMessage());
    }

    @Test
    void filtersAndComparisons() {
        assertEquals(List.of(2L, 3L), personIds("SELECT * FROM person WHERE age > 30"));
        assertEquals(List.of(1L, 2L), personIds("SELECT * FROM person WHERE age <= 40"));
        assertEquals(List.of(2L), personIds("SELECT * FROM person WHERE age >= 35 AND age < 45"));
        assertEquals(List.of(1L, 3L), personIds("SELECT * FROM person WHERE age != 40"));
        assertEquals(List.of(1L, 3L), personIds("SELECT * FROM person WHERE age = 30 OR name = 'cy'"));
        assertEquals(List.of(2L), personIds("SELECT * FROM person WHERE 35 < age AND 45 > age"));
        assertEquals(List.of(1L, 2L, 3L), personIds("SELECT * FROM person WHERE true"));
        assertEquals(List.of(), personIds("SELECT * FROM person WHERE name > 'zzz'"));
        assertEquals(List.of(2L), personIds("SELECT * FROM person p WHERE p.id = 2"));
        assertEquals(List.of(1L, 2L, 3L), personIds("SELECT * FROM person WHERE age = 4e1 OR age < 1e2"));
    }

    @Test
    void specialTypeLiterals() {
        assertEquals(List.of(1L, 3L), personIds("SELECT * FROM person WHERE owner = :sender"));
        assertEquals(List.of(2L), personIds("SELECT * FROM person WHERE owner = '" + BOB.toHex() + "'"));
        assertEquals(List.of(2L), personIds("SELECT * FROM person WHERE owner = 0x" + BOB.toHex()));
        assertEquals(List.of(2L), personIds("SELECT * FROM person WHERE owner = X'" + BOB.toHex() + "'"));
        assertEquals(List.of(2L, 3L), personIds("SELECT * FROM person WHERE created >= '1970-01-01T00:00:01Z'"));
        assertEquals(List.of(3L), personIds("SELECT * FROM person WHERE created > '1970-01-01T01:00:01.5+01:00'"));
    }

    @Test
    void indexAccessPaths() {
        assertEquals(List.of("person seek person_age_idx_btree"),
                sub("SELECT * FROM person WHERE age = 30", alice).describe());
        assertEquals(List.of("person range person_age_idx_btree"),
                sub("SELECT * FROM person WHERE age > 30 AND age < 50", alice).describe());
        assertEquals(List.of("person scan"), sub("SELECT * FROM person WHERE name = 'x'", alice).describe());
        assertEquals(List.of("person scan"), sub("SELECT * FROM person WHERE age = 30 OR age = 40", alice).describe());
        assertEquals(List.of("person seek person_id_idx_btree -> pet seek pet_owner_id_idx_btree"),
                sub("SELECT pet.* FROM person JOIN pet ON person.id = pet.owner_id WHERE person.id = 1", alice).describe());
    }

    @Test
    void joins() {
        CompiledQuery q = sub("SELECT p.* FROM person p JOIN pet ON p.id = pet.owner_id WHERE pet.kind = 'cat'", alice);
        assertEquals("person", q.tableName());
        assertEquals(List.of(1L, 2L), ids(Fixture.PERSON, q.evaluate(f.reader())));
        CompiledQuery pets = sub("SELECT pet.* FROM person p JOIN pet ON p.id = pet.owner_id WHERE p.age = 30", alice);
        assertEquals("pet", pets.tableName());
        assertEquals(List.of(10L, 11L), ids(Fixture.PET, pets.evaluate(f.reader())));
        CompiledQuery bag = sub("SELECT p.* FROM person p JOIN pet ON p.id = pet.owner_id", alice);
        assertEquals(List.of(1L, 1L, 2L), ids(Fixture.PERSON, bag.evaluate(f.reader())).stream().sorted().toList());
    }

    @Test
    void resolutionErrors() {
        fails("SELECT * FROM nope", alice, "no such table: `nope`. If the table exists, it may be marked private.");
        fails("SELECT * FROM secret", alice, "no such table: `secret`. If the table exists, it may be marked private.");
        assertEquals("secret", sub("SELECT * FROM secret", owner).tableName());
        fails("SELECT * FROM person WHERE nope = 1", alice, "`person` does not have a field `nope`");
        fails("SELECT * FROM person p WHERE p.nope = 1", alice, "`p` does not have a field `nope`");
        fails("SELECT * FROM person p WHERE q.id = 1", alice, "`q` is not in scope");
        fails("SELECT x.* FROM person", alice, "`x` is not in scope");
        fails("SELECT p.* FROM person p JOIN pet p ON p.id = p.owner_id", alice, "Duplicate name `p`");
    }

    @Test
    void typeErrors() {
        fails("SELECT * FROM person WHERE age = 'old'", alice, "The literal expression `'old'` cannot be parsed as type `U32`");
        fails("SELECT * FROM person WHERE age = -1", alice, "The literal expression `-1` cannot be parsed as type `U32`");
        fails("SELECT * FROM person WHERE age = 4294967296", alice,
                "The literal expression `4294967296` cannot be parsed as type `U32`");
        fails("SELECT * FROM person WHERE age = 1.5", alice, "The literal expression `1.5` cannot be parsed as type `U32`");
        fails("SELECT * FROM person WHERE age = true", alice, "Unexpected type: (expected) U32 != Bool (inferred)");
        fails("SELECT * FROM person WHERE name = :sender", alice, "Unexpected type: (expected) String != Identity (inferred)");
        fails("SELECT * FROM person WHERE owner = 'nothex'", alice,
                "The literal expression `'nothex'` cannot be parsed as type `Identity`");
        fails("SELECT * FROM person WHERE created = 'yesterday'", alice,
                "The literal expression `'yesterday'` cannot be parsed as type `Timestamp`");
        fails("SELECT * FROM person WHERE nick = 'b'", alice, "Invalid binary operator `=` for type `Option<String>`");
        fails("SELECT * FROM person WHERE age = name", alice, "Unexpected type: (expected) U32 != String (inferred)");
        fails("SELECT * FROM person WHERE age", alice, "Unexpected type: (expected) Bool != U32 (inferred)");
        fails("SELECT * FROM person WHERE 1 = 1", alice, "Cannot resolve type for literal expression");
    }

    @Test
    void subscriptionRestrictions() {
        fails("SELECT loose.* FROM loose JOIN person ON loose.a = person.age", alice,
                "Subscriptions require indexes on join columns");
        fails("SELECT ev.* FROM person JOIN ev ON person.id = ev.id", alice,
                "Event tables cannot be used as the lookup table in subscription joins");
        assertTrue(sub("SELECT ev.* FROM ev JOIN person ON ev.id = person.id", alice).isEvent());
    }

    @Test
    void selectAllTablesSkipsPrivateAndEventTables() {
        List<String> forAlice = f.compiler.compileSubscription("SELECT * FROM *", alice).stream()
                .map(CompiledQuery::tableName).toList();
        assertEquals(List.of("person", "pet", "loose", "users"), forAlice);
        List<String> forOwner = f.compiler.compileSubscription("select * from *", owner).stream()
                .map(CompiledQuery::tableName).toList();
        assertEquals(List.of("person", "pet", "secret", "loose", "users"), forOwner);
    }

    @Test
    void systemTablesAreReadable() {
        assertEquals("st_client", sub("SELECT * FROM st_client", alice).tableName());
        fails("SELECT * FROM st_connection_credentials", alice,
                "no such table: `st_connection_credentials`. If the table exists, it may be marked private.");
    }

    @Test
    void senderIsBoundAtCompileTime() {
        CompiledQuery a = sub("SELECT * FROM person WHERE owner = :sender", alice);
        CompiledQuery b = sub("SELECT * FROM person WHERE owner = :sender", SqlCaller.client(BOB));
        assertTrue(a.usesSender());
        assertFalse(sub("SELECT * FROM person", alice).usesSender());
        assertEquals(List.of(1L, 3L), ids(Fixture.PERSON, a.evaluate(f.reader())));
        assertEquals(List.of(2L), ids(Fixture.PERSON, b.evaluate(f.reader())));
    }

    @Test
    void rowLevelSecurity() {
        f = new Fixture("SELECT * FROM person WHERE owner = :sender",
                "SELECT * FROM person WHERE age > 45",
                "SELECT pet.* FROM pet JOIN person ON pet.owner_id = person.id");
        f.tx(tx -> {
            tx.insert(f.id("person"), person(1, "ann", 30, ALICE, null, 0));
            tx.insert(f.id("person"), person(2, "bob", 40, BOB, "b", 0));
            tx.insert(f.id("person"), person(3, "cy", 50, BOB, null, 0));
            tx.insert(f.id("pet"), pet(10, 1, "cat", 1));
            tx.insert(f.id("pet"), pet(11, 2, "dog", 1));
        });
        CompiledQuery people = sub("SELECT * FROM person", alice);
        assertEquals(2, people.fragmentCount());
        assertTrue(people.usesSender());
        assertEquals(List.of(1L, 3L), ids(Fixture.PERSON, people.evaluate(f.reader())));
        assertEquals(List.of(1L, 2L, 3L), ids(Fixture.PERSON, sub("SELECT * FROM person", owner).evaluate(f.reader())));
        // pets are visible when their owner is: the join rule, then person's own rules on the joined person.
        CompiledQuery pets = sub("SELECT * FROM pet", alice);
        assertEquals(2, pets.fragmentCount());
        assertEquals(List.of(10L), ids(Fixture.PET, pets.evaluate(f.reader())));
        fails("SELECT pet.* FROM pet JOIN person ON pet.owner_id = person.id", alice,
                "Invalid number of tables in subscription: 3");
    }

    @Test
    void rlsCycleIsReported() {
        f = new Fixture("SELECT pet.* FROM pet JOIN person ON pet.owner_id = person.id",
                "SELECT person.* FROM person JOIN pet ON person.id = pet.owner_id");
        SqlException e = assertThrows(SqlException.class,
                () -> f.compiler.compileSubscription("SELECT * FROM pet", alice));
        assertTrue(e.getMessage().startsWith("Cycle detected in row-level security rules"), e.getMessage());
    }
}
