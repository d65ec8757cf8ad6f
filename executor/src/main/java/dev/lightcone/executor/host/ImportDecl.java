package dev.lightcone.executor.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Declares host functions by signature; keeps each import group's table short and readable. */
final class ImportDecl {
    private final String module;
    private final List<HostFunction> functions = new ArrayList<>();

    ImportDecl(String module) {
        this.module = module;
    }

    /** A function taking {@code i32Params} i32s and returning one i32. */
    ImportDecl i32(String name, int i32Params, WasmFunctionHandle handle) {
        return add(name, Collections.nCopies(i32Params, ValType.I32), List.of(ValType.I32), handle);
    }

    /** A function taking {@code i32Params} i32s and returning nothing. */
    ImportDecl unit(String name, int i32Params, WasmFunctionHandle handle) {
        return add(name, Collections.nCopies(i32Params, ValType.I32), List.of(), handle);
    }

    ImportDecl add(String name, List<ValType> params, List<ValType> results, WasmFunctionHandle handle) {
        functions.add(new HostFunction(module, name, FunctionType.of(params, results), handle));
        return this;
    }

    List<HostFunction> functions() {
        return List.copyOf(functions);
    }

    static long[] ret(int v) {
        return new long[] {v};
    }

    static int a(long[] args, int i) {
        return (int) args[i];
    }
}
