package dev.lightcone.executor.host;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.log.ModuleLog;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.moduledef.ModuleDefValidator;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebAssembly-text module with table {@code person(id u64 pk auto_inc, name string, age u32)},
 * a btree index on age and a hash index on name, instantiated against a fresh datastore, for
 * calling host imports directly.
 */
final class AbiFixture implements AutoCloseable {
    static final ProductType PERSON = ProductType.of("id", PrimitiveType.U64, "name", PrimitiveType.STRING,
            "age", PrimitiveType.U32);
    static final Identity DB = Identity.fromHex("c200" + "ab".repeat(30));
    static final CallContext CTX = new CallContext(Identity.fromHex("c200" + "01".repeat(30)),
            ConnectionId.fromWords(7, 0), new Timestamp(1_704_067_200_000_000L));

    final ModuleSchema schema;
    final Datastore ds;
    final ModuleLog log = new ModuleLog("abi-test", 100);
    final java.util.List<String> immediate = new java.util.ArrayList<>();
    final ModuleInstance instance;
    final HostEnv env;
    MutTx tx;

    AbiFixture(List<String> reducers, String extra) {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef person = b.addType("Person", PERSON);
        b.addTable("person", person, t -> t.withPrimaryKey(0).addAutoInc(0).addBtreeIndex("age", 2)
                .addHashIndex("name", 1));
        for (int i = 0; i < reducers.size(); i++) {
            b.addReducer("r" + i, ProductType.UNIT);
        }
        byte[] def = b.toBytes();
        schema = ModuleDefValidator.validate(def, List.of());
        List<dev.lightcone.sats.moduledef.TableSchema> tables = new ArrayList<>(SystemTables.schemas());
        tables.addAll(schema.tables());
        ds = new Datastore(tables);
        HostEnvFactory f = new HostEnvFactory(DB, log);
        f.attach(ds);
        f.setImmediateScheduler((reducer, args) -> immediate.add(reducer + ":" + java.util.HexFormat.of().formatHex(args)));
        ModuleCode code = ModuleCode.load(WatModule.build(def, reducers, extra), ExecutionMode.COMPILED);
        instance = f.start(code, ExecutionLimits.DEFAULT);
        env = instance.env();
    }

    /** Opens a transaction and a call, as {@code __call_reducer__} would see them. */
    AbiFixture inTx() {
        tx = ds.begin();
        env.beginCall(CTX, tx, false, "test");
        return this;
    }

    /** A call with no transaction open. */
    AbiFixture noTx() {
        env.beginCall(CTX, null, false, "test");
        return this;
    }

    Instance chicory() {
        return instance.chicory();
    }

    Memory mem() {
        return instance.chicory().memory();
    }

    /** Calls the forwarding export for an import and returns its i32 (or i64) result. */
    long call(String importName, long... args) {
        long[] r = chicory().export("x_" + importName).apply(args);
        return r == null || r.length == 0 ? 0 : r[0];
    }

    int putString(int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        mem().write(at, b);
        return b.length;
    }

    int tableId() {
        return ds.tableByName("person").id();
    }

    int index(String name) {
        return ds.indexIdByName(name);
    }

    @Override
    public void close() {
        env.endCall();
        if (tx != null && tx.isOpen()) {
            tx.rollback();
        }
    }
}
