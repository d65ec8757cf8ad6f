package dev.lightcone.executor.host;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import com.dylibso.chicory.wasm.types.ValType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed, checked and (in compiled mode) compiled module, shared by all its instances. Loading
 * checks the ABI contract of module-abi §2: only {@code spacetime_10.x} function imports with x at
 * most 5, each known to this host at its exact signature, and the required exports.
 */
public final class ModuleCode {
    private static final Pattern ABI_MODULE = Pattern.compile("spacetime_(\\d+)\\.(\\d+)");
    private static final FunctionType DESCRIBE = FunctionType.of(List.of(ValType.I32), List.of());
    private static final FunctionType CALL_REDUCER = FunctionType.of(
            List.of(ValType.I32, ValType.I64, ValType.I64, ValType.I64, ValType.I64, ValType.I64, ValType.I64,
                    ValType.I64, ValType.I32, ValType.I32), List.of(ValType.I32));
    private static final FunctionType CALL_VIEW = FunctionType.of(
            List.of(ValType.I32, ValType.I64, ValType.I64, ValType.I64, ValType.I64, ValType.I32, ValType.I32),
            List.of(ValType.I32));
    private static final FunctionType CALL_VIEW_ANON = FunctionType.of(
            List.of(ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));
    private static final FunctionType NO_ARGS = FunctionType.of(List.of(), List.of());
    private static final FunctionType SETUP = FunctionType.of(List.of(ValType.I32), List.of(ValType.I32));

    private final byte[] bytes;
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final int abiMinor;
    private final String hash;
    private final Map<String, byte[]> customSections;
    private final List<String> preinits;

    private ModuleCode(byte[] bytes, WasmModule module, Function<Instance, Machine> machineFactory, int abiMinor,
            Map<String, byte[]> customSections, List<String> preinits) {
        this.bytes = bytes;
        this.module = module;
        this.machineFactory = machineFactory;
        this.abiMinor = abiMinor;
        this.hash = sha256(bytes);
        this.customSections = customSections;
        this.preinits = preinits;
    }

    /** Parses and checks {@code wasm}; compiles it to JVM bytecode in {@link ExecutionMode#COMPILED}. */
    public static ModuleCode load(byte[] wasm, ExecutionMode mode) {
        if (wasm.length < 4 || wasm[0] != 0 || wasm[1] != 'a' || wasm[2] != 's' || wasm[3] != 'm') {
            throw new ModuleLoadException("not a WebAssembly module: it does not start with the WebAssembly magic "
                    + "bytes (\\0asm); publish the .wasm file your build produced");
        }
        WasmModule module;
        try {
            module = Parser.parse(wasm);
        } catch (ChicoryException | IllegalArgumentException e) {
            throw new ModuleLoadException("not a valid WebAssembly module: " + e.getMessage(), e);
        }
        int minor = checkImports(module);
        List<String> preinits = checkExports(module);
        Map<String, byte[]> custom = new HashMap<>();
        for (CustomSection cs : module.customSections()) {
            if (cs instanceof UnknownCustomSection u) {
                custom.merge(u.name(), u.bytes(), ModuleCode::concat);
            }
        }
        Function<Instance, Machine> factory = null;
        if (mode == ExecutionMode.COMPILED) {
            try {
                factory = MachineFactoryCompiler.compile(module);
            } catch (RuntimeException e) {
                throw new ModuleLoadException("module could not be compiled: " + e.getMessage(), e);
            }
        }
        return new ModuleCode(wasm.clone(), module, factory, minor, Map.copyOf(custom), preinits);
    }

    private static int checkImports(WasmModule module) {
        Map<String, FunctionType> provided = new HashMap<>();
        for (var hf : Abi10Imports.all(null, null)) {
            provided.put(hf.module() + "::" + hf.name(), hf.functionType());
        }
        int major = -1;
        int maxMinor = -1;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            String qualified = imp.module() + "::" + imp.name();
            if (imp.importType() != ExternalType.FUNCTION) {
                problems.add("imports " + imp.importType() + " `" + qualified + "`, but this host provides only functions");
                continue;
            }
            Matcher m = ABI_MODULE.matcher(imp.module());
            if (!imp.module().startsWith("spacetime_")) {
                problems.add("imports `" + qualified + "`, which this host does not provide");
                continue;
            }
            if (!m.matches()) {
                problems.add("imports from `" + imp.module() + "`, which is not a valid ABI version");
                continue;
            }
            int maj = Integer.parseInt(m.group(1));
            int min = Integer.parseInt(m.group(2));
            if (major >= 0 && maj != major) {
                problems.add("imports ABI majors " + major + " and " + maj + " together");
            }
            major = maj;
            maxMinor = Math.max(maxMinor, min);
            if (maj != 10) {
                continue;
            }
            FunctionType want = provided.get(qualified);
            FunctionType got = module.typeSection().getType(((FunctionImport) imp).typeIndex());
            if (want == null) {
                problems.add("imports `" + qualified + "`, which this host does not provide");
            } else if (!want.typesMatch(got)) {
                problems.add("imports `" + qualified + "` with signature " + got + ", expected " + want);
            }
        }
        if (major < 0 && problems.isEmpty()) {
            problems.add("imports no spacetime_* functions, so its ABI version cannot be determined");
        } else if (major >= 0 && major != 10) {
            problems.add("requires ABI " + major + "." + maxMinor + ", but this host implements 10.0 to 10."
                    + Abi10Imports.MAX_MINOR);
        } else if (maxMinor > Abi10Imports.MAX_MINOR) {
            problems.add("requires ABI 10." + maxMinor + ", but this host implements up to 10." + Abi10Imports.MAX_MINOR);
        }
        if (!problems.isEmpty()) {
            throw new ModuleLoadException("module refused: " + String.join("; ", problems));
        }
        return maxMinor;
    }

    private static List<String> checkExports(WasmModule module) {
        Map<String, Export> exports = new HashMap<>();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export e = module.exportSection().getExport(i);
            exports.put(e.name(), e);
        }
        List<String> problems = new ArrayList<>();
        Export memory = exports.get("memory");
        if (memory == null || memory.exportType() != ExternalType.MEMORY) {
            problems.add("does not export a memory named `memory`");
        }
        requireFunction(module, exports, "__describe_module__", DESCRIBE, true, problems);
        requireFunction(module, exports, "__call_reducer__", CALL_REDUCER, true, problems);
        requireFunction(module, exports, "__call_procedure__", CALL_REDUCER, false, problems);
        requireFunction(module, exports, "__call_view__", CALL_VIEW, false, problems);
        requireFunction(module, exports, "__call_view_anon__", CALL_VIEW_ANON, false, problems);
        requireFunction(module, exports, "_initialize", NO_ARGS, false, problems);
        requireFunction(module, exports, "__setup__", SETUP, false, problems);
        List<String> preinits = new ArrayList<>();
        for (String name : exports.keySet()) {
            if (name.startsWith("__preinit__")) {
                requireFunction(module, exports, name, NO_ARGS, true, problems);
                preinits.add(name);
            }
        }
        if (!problems.isEmpty()) {
            throw new ModuleLoadException("module refused: " + String.join("; ", problems));
        }
        // Byte order of UTF-8 equals code point order, which String.compareTo gives for BMP names.
        Collections.sort(preinits);
        return List.copyOf(preinits);
    }

    private static void requireFunction(WasmModule module, Map<String, Export> exports, String name,
            FunctionType type, boolean required, List<String> problems) {
        Export e = exports.get(name);
        if (e == null) {
            if (required) {
                problems.add("does not export `" + name + "`");
            }
            return;
        }
        if (e.exportType() != ExternalType.FUNCTION) {
            problems.add("exports `" + name + "` but not as a function");
            return;
        }
        FunctionType got = functionType(module, e.index());
        if (!got.typesMatch(type)) {
            problems.add("exports `" + name + "` with signature " + got + ", expected " + type);
        }
    }

    private static FunctionType functionType(WasmModule module, int funcIndex) {
        int imported = module.importSection().count(ExternalType.FUNCTION);
        if (funcIndex < imported) {
            int seen = 0;
            for (int i = 0; i < module.importSection().importCount(); i++) {
                Import imp = module.importSection().getImport(i);
                if (imp instanceof FunctionImport fi) {
                    if (seen++ == funcIndex) {
                        return module.typeSection().getType(fi.typeIndex());
                    }
                }
            }
        }
        return module.typeSection().getType(module.functionSection().getFunctionType(funcIndex - imported));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The hash {@link #hash()} gives for a module of these bytes (hex SHA-256), without loading it. */
    public static String hashOf(byte[] bytes) {
        return sha256(bytes);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public WasmModule module() {
        return module;
    }

    /** The compiled machine factory, or null in interpreted mode. */
    public Function<Instance, Machine> machineFactory() {
        return machineFactory;
    }

    /** The highest {@code spacetime_10.x} minor version the module imports. */
    public int abiMinor() {
        return abiMinor;
    }

    /** SHA-256 of the module bytes, hex. */
    public String hash() {
        return hash;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The contents of a custom section (concatenated when it appears several times), or null. */
    public byte[] customSection(String name) {
        byte[] b = customSections.get(name);
        return b == null ? null : b.clone();
    }

    /** The {@code __preinit__*} exports in the order they must run. */
    List<String> preinits() {
        return preinits;
    }

    /** Whether the module exports a function of this name. */
    boolean exportsFunction(String name) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export e = module.exportSection().getExport(i);
            if (e.name().equals(name) && e.exportType() == ExternalType.FUNCTION) {
                return true;
            }
        }
        return false;
    }
}
