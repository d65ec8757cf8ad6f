package dev.lightcone.executor.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;

/**
 * Builds test modules in WebAssembly text: every {@code spacetime_10.x} import, a wrapper export
 * {@code x_<import>} for each that forwards its arguments (so tests can call imports with exact
 * pointers and check exact bytes), a {@code __describe_module__} that writes a given definition,
 * and a {@code __call_reducer__} dispatching to the given reducer bodies.
 */
final class WatModule {
    /** Where the definition bytes live in the test module's memory. */
    static final int DEF_AT = 65536;
    /** A scratch area tests may use freely. */
    static final int SCRATCH = 1024;

    private WatModule() {
    }

    /**
     * @param moduleDef   the bytes {@code __describe_module__} writes
     * @param reducers    WAT instruction sequences, one per reducer id; each leaves an i32 on the stack.
     *                    Locals available: $args (i32 source), $err (i32 sink), $ts (i64)
     * @param extra       further top-level WAT fields (functions, exports)
     */
    static byte[] build(byte[] moduleDef, List<String> reducers, String extra) {
        StringBuilder w = new StringBuilder("(module\n");
        for (HostFunction f : Abi10Imports.all(null, null)) {
            w.append("  (import \"").append(f.module()).append("\" \"").append(f.name()).append("\" (func $")
                    .append(f.name()).append(sig(f)).append("))\n");
        }
        w.append("  (memory (export \"memory\") 2 64)\n");
        w.append("  (data (i32.const ").append(DEF_AT).append(") \"").append(escape(moduleDef)).append("\")\n");
        w.append("  (func (export \"__describe_module__\") (param $sink i32)\n")
                .append("    (i32.store (i32.const 16) (i32.const ").append(moduleDef.length).append("))\n")
                .append("    (drop (call $bytes_sink_write (local.get $sink) (i32.const ").append(DEF_AT)
                .append(") (i32.const 16))))\n");
        w.append("  (func (export \"__call_reducer__\") (param $id i32) (param i64 i64 i64 i64 i64 i64)"
                + " (param $ts i64) (param $args i32) (param $err i32) (result i32)\n");
        for (int i = 0; i < reducers.size(); i++) {
            w.append("    (if (i32.eq (local.get $id) (i32.const ").append(i).append(")) (then ")
                    .append(reducers.get(i)).append(" (return)))\n");
        }
        w.append("    (i32.const -1))\n");
        for (HostFunction f : Abi10Imports.all(null, null)) {
            w.append("  (func (export \"x_").append(f.name()).append("\")").append(sig(f)).append(" (call $")
                    .append(f.name());
            for (int i = 0; i < f.paramTypes().size(); i++) {
                w.append(" (local.get ").append(i).append(")");
            }
            w.append("))\n");
        }
        w.append(extra).append("\n)\n");
        return Wat2Wasm.parse(w.toString());
    }

    private static String sig(HostFunction f) {
        StringBuilder s = new StringBuilder();
        if (!f.paramTypes().isEmpty()) {
            s.append(" (param");
            for (ValType t : f.paramTypes()) {
                s.append(t == ValType.I64 ? " i64" : " i32");
            }
            s.append(")");
        }
        if (!f.returnTypes().isEmpty()) {
            s.append(" (result").append(f.returnTypes().get(0) == ValType.I64 ? " i64" : " i32").append(")");
        }
        return s.toString();
    }

    static String escape(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            s.append('\\').append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString();
    }
}
