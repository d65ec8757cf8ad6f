package dev.lightcone.executor.host;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.lightcone.executor.datastore.MutTx;

/**
 * One instantiated module with its {@link HostEnv}. Start-up follows module-abi §2.3:
 * {@code _initialize}, the sorted {@code __preinit__*} exports, {@code __setup__}, then
 * {@code __describe_module__} exactly once. After a trap the instance must not be used again.
 * Confined to one thread at a time.
 */
public final class ModuleInstance {
    private final ModuleCode code;
    private final HostEnv env;
    private final ExecutionLimits limits;
    private final Instance instance;
    private final byte[] moduleDef;
    private boolean poisoned;
    /** Export handles, looked up once: the dispatchers are called on every reducer call. */
    private final java.util.Map<String, ExportFunction> exports = new java.util.HashMap<>();

    private ModuleInstance(ModuleCode code, HostEnv env, ExecutionLimits limits, HostEnv.ImmediateScheduler immediate) {
        this.code = code;
        this.env = env;
        this.limits = limits;
        Instance.Builder b = Instance.builder(code.module())
                .withImportValues(ImportValues.builder().withFunctions(
                        java.util.List.copyOf(Abi10Imports.all(env, immediate))).build())
                .withMemoryFactory(l -> new ByteArrayMemory(new MemoryLimits(l.initialPages(),
                        Math.min(l.maximumPages(), limits.maxMemoryPages()))));
        if (code.machineFactory() != null) {
            b.withMachineFactory(code.machineFactory());
        }
        try (CallWatchdog.Deadline d = CallWatchdog.arm(limits.callTimeout())) {
            this.instance = b.build();
            env.attach(new GuestMemory(instance.memory()));
            this.moduleDef = startUp();
        } catch (ChicoryException | HostTrap | StackOverflowError e) {
            throw new ModuleLoadException("module failed during start-up: " + describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new ModuleLoadException("module could not be instantiated: " + e.getMessage(), e);
        }
    }

    /** Instantiates {@code code} and runs its start-up sequence. */
    public static ModuleInstance start(ModuleCode code, HostEnv env, ExecutionLimits limits,
            HostEnv.ImmediateScheduler immediate) {
        return new ModuleInstance(code, env, limits, immediate);
    }

    private byte[] startUp() {
        env.beginCall(null, null, false, "__init__");
        try {
            if (code.exportsFunction("_initialize")) {
                instance.export("_initialize").apply();
            }
            for (String preinit : code.preinits()) {
                instance.export(preinit).apply();
            }
            if (code.exportsFunction("__setup__")) {
                int sink = env.newSink();
                long rc = instance.export("__setup__").apply(sink)[0];
                if (rc != 0) {
                    String msg = new String(env.sinkBytes(sink), java.nio.charset.StandardCharsets.UTF_8);
                    throw new ModuleLoadException("module __setup__ failed (" + rc + "): " + msg);
                }
            }
            int sink = env.newSink();
            instance.export("__describe_module__").apply(sink);
            return env.sinkBytes(sink);
        } finally {
            env.endCall();
        }
    }

    /** The BSATN {@code RawModuleDef} this instance described. */
    public byte[] moduleDef() {
        return moduleDef.clone();
    }

    public HostEnv env() {
        return env;
    }

    public boolean poisoned() {
        return poisoned;
    }

    /** The Chicory instance, for ABI tests in this package that call exports directly. */
    Instance chicory() {
        return instance;
    }

    /** Calls {@code __call_reducer__} inside {@code tx}; the caller commits or rolls back. */
    public CallResult callReducer(int reducerId, String name, CallContext ctx, MutTx tx, byte[] args) {
        return invoke("__call_reducer__", name, ctx, tx, false, (fn, sink) -> fn.apply(reducerId,
                ctx.caller().word(0), ctx.caller().word(1), ctx.caller().word(2), ctx.caller().word(3),
                ctx.connectionId().word(0), ctx.connectionId().word(1), ctx.timestamp().micros(),
                env.newSource(args), sink));
    }

    /** Calls {@code __call_procedure__} with no transaction open; the guest opens its own. */
    public CallResult callProcedure(int procedureId, String name, CallContext ctx, ProcedureSupport support,
            byte[] args) {
        return invoke("__call_procedure__", name, ctx, null, false, (fn, sink) -> {
            env.setProcedureSupport(support);
            try {
                return fn.apply(procedureId,
                        ctx.caller().word(0), ctx.caller().word(1), ctx.caller().word(2), ctx.caller().word(3),
                        ctx.connectionId().word(0), ctx.connectionId().word(1), ctx.timestamp().micros(),
                        env.newSource(args), sink);
            } finally {
                env.abortDanglingProcedureTx();
            }
        });
    }

    /** What {@code __call_http_handler__} left: its call result (the response head) and the response body. */
    public record HttpHandlerCall(CallResult result, byte[] body, java.util.Optional<String> panicMessage) {
    }

    /**
     * Calls {@code __call_http_handler__} (module-abi §6.6) with no transaction open; the guest may open its own
     * through {@code support}. The caller is the zero identity.
     */
    public HttpHandlerCall callHttpHandler(int handlerId, String name, CallContext ctx, ProcedureSupport support,
            byte[] requestHead, byte[] requestBody) {
        // The body sink and the panic message must be read before the call's handles are dropped.
        final class Left {
            byte[] body = new byte[0];
            java.util.Optional<String> panic = java.util.Optional.empty();
        }
        Left left = new Left();
        CallResult result = invoke("__call_http_handler__", name, ctx, null, false, (fn, sink) -> {
            env.setProcedureSupport(support);
            int bodySink = env.newSink();
            try {
                long[] out = fn.apply(handlerId, ctx.timestamp().micros(), env.newSource(requestHead),
                        env.newSource(requestBody), sink, bodySink);
                left.body = env.sinkBytes(bodySink);
                return out;
            } finally {
                left.panic = env.panicMessage();
                env.abortDanglingProcedureTx();
            }
        });
        return new HttpHandlerCall(result, left.body, left.panic);
    }

    /** Calls {@code __call_view__} for a per-caller view, reading {@code tx} without writing. */
    public CallResult callView(int viewIndex, String name, CallContext ctx, MutTx tx) {
        return invoke("__call_view__", name, ctx, tx, true, (fn, sink) -> fn.apply(viewIndex,
                ctx.caller().word(0), ctx.caller().word(1), ctx.caller().word(2), ctx.caller().word(3), 0, sink));
    }

    /** Calls {@code __call_view_anon__} for an anonymous view. */
    public CallResult callViewAnonymous(int viewIndex, String name, CallContext ctx, MutTx tx) {
        return invoke("__call_view_anon__", name, ctx, tx, true, (fn, sink) -> fn.apply(viewIndex, 0, sink));
    }

    @FunctionalInterface
    private interface ExportCall {
        long[] call(ExportFunction fn, int sink);
    }

    private CallResult invoke(String export, String name, CallContext ctx, MutTx tx, boolean readOnly, ExportCall call) {
        if (poisoned) {
            throw new IllegalStateException("instance was discarded after a trap");
        }
        if (!code.exportsFunction(export)) {
            return new CallResult.Returned(-1, ("module does not export " + export).getBytes());
        }
        env.beginCall(ctx, tx, readOnly, name);
        CallWatchdog.Deadline deadline = CallWatchdog.arm(limits.callTimeout());
        env.setDeadline(deadline);
        try {
            int sink = env.newSink();
            long[] out = call.call(exports.computeIfAbsent(export, instance::export), sink);
            return new CallResult.Returned((int) out[0], env.sinkBytes(sink));
        } catch (ChicoryInterruptedException e) {
            poisoned = true;
            boolean timedOut = deadline.fired();
            return new CallResult.Trapped(timedOut ? "the call exceeded its time limit of "
                    + limits.callTimeout().toMillis() + " ms" : "the call was interrupted", timedOut);
        } catch (ChicoryException | HostTrap | StackOverflowError e) {
            poisoned = true;
            return new CallResult.Trapped(describe(e), deadline.fired());
        } catch (RuntimeException e) {
            // A host function failed unexpectedly: treat it as a trap, never as a crash of the server.
            poisoned = true;
            return new CallResult.Trapped("host error: " + describe(e), false);
        } finally {
            deadline.close();
            env.endCall();
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "call stack exhausted";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
