package dev.lightcone.materializer;

import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.materializer.plan.Catalog;
import dev.lightcone.materializer.plan.QueryCompiler;
import dev.lightcone.materializer.plan.TableReader;
import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.moduledef.ModuleDefValidator;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.TableAccess;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A test module and datastore:
 * <ul>
 * <li>{@code person(id u64 pk auto_inc, name string, age u32 btree, owner Identity btree, nick Option<String>,
 *     created Timestamp)}</li>
 * <li>{@code pet(id u64 pk, owner_id u64 btree, kind string, weight f64)}</li>
 * <li>{@code secret(id u64 pk, data string)} private</li>
 * <li>{@code ev(id u64 btree, msg string)} event table</li>
 * <li>{@code loose(a u32, b u32)} no indexes</li>
 * <li>{@code users(identity Identity unique, name string)}</li>
 * </ul>
 */
public final class Fixture {
    public static final ProductType PERSON = ProductType.of("id", PrimitiveType.U64, "name", PrimitiveType.STRING,
            "age", PrimitiveType.U32, "owner", SpecialTypes.IDENTITY, "nick", SumType.option(PrimitiveType.STRING),
            "created", SpecialTypes.TIMESTAMP);
    public static final ProductType PET = ProductType.of("id", PrimitiveType.U64, "owner_id", PrimitiveType.U64,
            "kind", PrimitiveType.STRING, "weight", PrimitiveType.F64);
    public static final ProductType SECRET = ProductType.of("id", PrimitiveType.U64, "data", PrimitiveType.STRING);
    public static final ProductType EV = ProductType.of("id", PrimitiveType.U64, "msg", PrimitiveType.STRING);
    public static final ProductType LOOSE = ProductType.of("a", PrimitiveType.U32, "b", PrimitiveType.U32);
    public static final ProductType USERS = ProductType.of("identity", SpecialTypes.IDENTITY, "name", PrimitiveType.STRING);

    public static final Identity OWNER = Identity.fromHex("c200" + "00".repeat(29) + "01");
    public static final Identity ALICE = Identity.fromHex("c200" + "00".repeat(29) + "0a");
    public static final Identity BOB = Identity.fromHex("c200" + "00".repeat(29) + "0b");

    public final ModuleSchema module;
    public final Catalog catalog;
    public final QueryCompiler compiler;
    public final Datastore ds;

    public Fixture(String... rls) {
        this(b -> { }, rls);
    }

    /** Builds the module (plus whatever {@code extra} adds) with these RLS rules. */
    public Fixture(Consumer<RawModuleDefV10Builder> extra, String... rls) {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addTable("person", b.addType("Person", PERSON), t -> t.withPrimaryKey(0).addAutoInc(0)
                .addBtreeIndex("age", 2).addBtreeIndex("owner", 3));
        b.addTable("pet", b.addType("Pet", PET), t -> t.withPrimaryKey(0).addBtreeIndex("owner_id", 1));
        b.addTable("secret", b.addType("Secret", SECRET), t -> t.withPrimaryKey(0).withAccess(TableAccess.PRIVATE));
        b.addTable("ev", b.addType("Ev", EV), t -> t.addBtreeIndex("id", 0).withEvent(true));
        b.addTable("loose", b.addType("Loose", LOOSE));
        b.addTable("users", b.addType("Users", USERS), t -> t.addUnique(0));
        extra.accept(b);
        for (String r : rls) {
            b.addRowLevelSecurity(r);
        }
        module = ModuleDefValidator.validate(b.toRawModuleDef());
        catalog = Catalog.of(module);
        compiler = new QueryCompiler(catalog);
        List<TableSchema> all = new ArrayList<>(SystemTables.schemas());
        all.addAll(module.tables());
        ds = new Datastore(all);
    }

    public TableSchema table(String name) {
        return module.table(name).orElseThrow();
    }

    public int id(String name) {
        return table(name).tableId();
    }

    public TableReader reader() {
        return TableReader.committed(ds);
    }

    /** Runs {@code body} in a transaction and commits it, returning the changes. */
    public List<TableChanges> tx(Consumer<MutTx> body) {
        MutTx tx = ds.begin();
        try {
            body.accept(tx);
            return tx.commit();
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    public static Timestamp ts(long micros) {
        return new Timestamp(micros);
    }

    public static byte[] person(long id, String name, int age, Identity owner, String nick, long createdMicros) {
        return Bsatn.encode(PERSON, AlgebraicValue.product(AlgebraicValue.integer(id), AlgebraicValue.string(name),
                AlgebraicValue.integer(age), owner.toValue(),
                nick == null ? AlgebraicValue.Sum.none() : AlgebraicValue.Sum.some(AlgebraicValue.string(nick)),
                AlgebraicValue.product(AlgebraicValue.integer(createdMicros))));
    }

    public static byte[] pet(long id, long ownerId, String kind, double weight) {
        return Bsatn.encode(PET, AlgebraicValue.product(AlgebraicValue.integer(id), AlgebraicValue.integer(ownerId),
                AlgebraicValue.string(kind), new AlgebraicValue.F64(weight)));
    }

    public static byte[] ev(long id, String msg) {
        return Bsatn.encode(EV, AlgebraicValue.product(AlgebraicValue.integer(id), AlgebraicValue.string(msg)));
    }

    public static byte[] secret(long id, String data) {
        return Bsatn.encode(SECRET, AlgebraicValue.product(AlgebraicValue.integer(id), AlgebraicValue.string(data)));
    }

    public static byte[] loose(int a, int b) {
        return Bsatn.encode(LOOSE, AlgebraicValue.product(AlgebraicValue.integer(a), AlgebraicValue.integer(b)));
    }

    public static byte[] user(Identity id, String name) {
        return Bsatn.encode(USERS, AlgebraicValue.product(id.toValue(), AlgebraicValue.string(name)));
    }

    /** Decodes rows of a type to values, for readable assertions. */
    public static List<AlgebraicValue> decode(AlgebraicType type, List<Row> rows) {
        return rows.stream().map(r -> Bsatn.decode(type, r.bytes())).toList();
    }

    /** The first field (an integer id) of each row. */
    public static List<Long> ids(ProductType type, List<Row> rows) {
        return rows.stream().map(r -> ((AlgebraicValue.Int) ((AlgebraicValue.Product) Bsatn.decode(type, r.bytes()))
                .field(0)).value()).toList();
    }

    static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }
}
