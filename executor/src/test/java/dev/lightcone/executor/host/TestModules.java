package dev.lightcone.executor.host;

import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder;
import java.util.List;

/** Small modules in WebAssembly text for executor tests. */
public final class TestModules {
    /** Exports that satisfy the loader, for modules testing import checks. */
    public static final String MINIMAL_EXPORTS = " (memory (export \"memory\") 1)"
            + " (func (export \"__describe_module__\") (param i32))"
            + " (func (export \"__call_reducer__\") (param i32 i64 i64 i64 i64 i64 i64 i64 i32 i32) (result i32) i32.const 0)";

    private TestModules() {
    }

    private static final String READ_ARGS_AND_INSERT =
            "(i32.store (i32.const 600) (i32.const 60000))"
            + " (if (i32.ne (local.get $args) (i32.const 0)) (then"
            + "   (drop (call $bytes_source_read (local.get $args) (i32.const 4096) (i32.const 600)))))"
            + " (drop (call $table_id_from_name (i32.const 200) (i32.const 6) (i32.const 32)))"
            + " (drop (call $datastore_insert_bsatn (i32.load (i32.const 32)) (i32.const 4096) (i32.const 600)))";

    /**
     * Table {@code person(id u64 pk auto_inc, name string, age u32)} and reducers {@code insert_row(row)},
     * {@code insert_then_fail(row)} (returns the error "boom"), {@code insert_then_trap(row)},
     * {@code spin()} (loops forever), {@code grow()} (grows memory until refused, then traps) and
     * {@code recurse()} (unbounded recursion).
     */
    public static byte[] behaviourModule() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef person = b.addType("Person", ProductType.of("id", PrimitiveType.U64, "name", PrimitiveType.STRING,
                "age", PrimitiveType.U32));
        b.addTable("person", person, t -> t.withPrimaryKey(0).addAutoInc(0).addBtreeIndex("age", 2));
        ProductType rowArg = ProductType.of("row", person);
        b.addReducer("insert_row", rowArg);
        b.addReducer("insert_then_fail", rowArg);
        b.addReducer("insert_then_trap", rowArg);
        b.addReducer("spin", ProductType.UNIT);
        b.addReducer("grow", ProductType.UNIT);
        b.addReducer("recurse", ProductType.UNIT);
        String extra = "(data (i32.const 200) \"person\") (data (i32.const 220) \"boom\")"
                + " (func $recurse (param i32) (result i32) (call $recurse (i32.add (local.get 0) (i32.const 1))))";
        return WatModule.build(b.toBytes(), List.of(
                "(block (result i32) " + READ_ARGS_AND_INSERT + " (i32.const 0))",
                "(block (result i32) " + READ_ARGS_AND_INSERT
                        + " (i32.store (i32.const 16) (i32.const 4))"
                        + " (drop (call $bytes_sink_write (local.get $err) (i32.const 220) (i32.const 16)))"
                        + " (i32.const 1))",
                "(block (result i32) " + READ_ARGS_AND_INSERT + " unreachable)",
                "(block (result i32) (loop $l (br $l)) (i32.const 0))",
                "(block (result i32) (loop $l (br_if $l (i32.ne (memory.grow (i32.const 8)) (i32.const -1)))) unreachable)",
                "(block (result i32) (call $recurse (i32.const 0)))"), extra);
    }

    /** A module whose {@code __describe_module__} writes exactly {@code def}. */
    public static byte[] describing(byte[] def) {
        return WatModule.build(def, List.of(), "");
    }
}
