package dev.lightcone.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.host.ExecutionLimits;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.executor.host.TestModules;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.Bsatn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reducer outcomes, rollback, traps and limits, with reducers written in WebAssembly text. */
class ModuleHostTest {
    static final ProductType PERSON = ProductType.of("id", PrimitiveType.U64, "name", PrimitiveType.STRING,
            "age", PrimitiveType.U32);
    static final Identity OWNER = Identity.fromHex("c200" + "0f".repeat(30));
    static final CallContext CTX = new CallContext(OWNER, ConnectionId.ZERO, new Timestamp(1_000_000));

    ModuleHost host;

    static byte[] person(long id, String name, int age) {
        return Bsatn.encode(PERSON, AlgebraicValue.product(AlgebraicValue.integer(id), AlgebraicValue.string(name),
                AlgebraicValue.integer(age)));
    }

    @BeforeEach
    void setUp() {
        host = ModuleHost.load(TestModules.behaviourModule(), Identity.fromHex("c200" + "aa".repeat(30)), OWNER, "t",
                ModuleHost.Options.DEFAULT.withLimits(ExecutionLimits.DEFAULT.withCallTimeout(Duration.ofMillis(500))
                        .withMaxMemoryPages(64)));
    }

    private int rows() {
        return host.datastore().tableByName("person").size();
    }

    @Test
    void committedReducerKeepsItsRows() {
        TxResult r = host.callReducer("insert_row", CTX, person(0, "Al", 30));
        assertEquals(TxOutcome.COMMITTED, r.outcome());
        assertEquals(1, r.changes().size());
        assertEquals(1, rows());
    }

    @Test
    void userErrorRollsBackAndIsLogged() {
        TxResult r = host.callReducer("insert_then_fail", CTX, person(0, "Al", 30));
        assertEquals(new TxOutcome.Failed("boom"), r.outcome());
        assertEquals(0, rows());
        assertTrue(host.log().tail(1).get(0).message().contains("boom"));
    }

    @Test
    void trapRollsBackAndTheNextCallRunsOnAFreshInstance() {
        TxResult r = host.callReducer("insert_then_trap", CTX, person(0, "Al", 30));
        TxOutcome.InternalError e = assertInstanceOf(TxOutcome.InternalError.class, r.outcome());
        assertEquals(TxOutcome.FATAL_ERROR, e.message());
        assertEquals(0, rows());
        assertEquals(TxOutcome.COMMITTED, host.callReducer("insert_row", CTX, person(0, "Bo", 1)).outcome());
        assertEquals(1, rows());
    }

    @Test
    void infiniteLoopIsStoppedAndTheHostKeepsServing() {
        long start = System.nanoTime();
        TxResult r = host.callReducer("spin", CTX, new byte[0]);
        long millis = (System.nanoTime() - start) / 1_000_000;
        TxOutcome.InternalError e = assertInstanceOf(TxOutcome.InternalError.class, r.outcome());
        assertEquals(TxOutcome.OUT_OF_ENERGY, e.message());
        assertTrue(millis < 10_000, "stopped after " + millis + " ms");
        assertEquals(TxOutcome.COMMITTED, host.callReducer("insert_row", CTX, person(0, "Al", 30)).outcome());
        assertEquals(1, rows());
    }

    @Test
    void memoryGrowthIsCapped() {
        TxResult r = host.callReducer("grow", CTX, new byte[0]);
        TxOutcome.InternalError e = assertInstanceOf(TxOutcome.InternalError.class, r.outcome());
        assertTrue(e.detail().contains("unreachable") || e.detail().contains("trap"), e.detail());
        assertEquals(TxOutcome.COMMITTED, host.callReducer("insert_row", CTX, person(0, "Al", 30)).outcome());
    }

    @Test
    void unboundedRecursionTraps() {
        TxResult r = host.callReducer("recurse", CTX, new byte[0]);
        assertInstanceOf(TxOutcome.InternalError.class, r.outcome());
        assertEquals(TxOutcome.COMMITTED, host.callReducer("insert_row", CTX, person(0, "Al", 30)).outcome());
    }

    @Test
    void unknownAndLifecycleReducersAreRefused() {
        TxOutcome.InternalError e = assertInstanceOf(TxOutcome.InternalError.class,
                host.callReducer("nope", CTX, new byte[0]).outcome());
        assertEquals("no such reducer `nope`", e.message());
    }

    @Test
    void connectRecordsTheClientAndDisconnectForgetsIt() {
        CallContext client = new CallContext(Identity.fromHex("c200" + "33".repeat(30)), ConnectionId.fromWords(5, 6),
                new Timestamp(2_000_000));
        assertEquals(TxOutcome.COMMITTED, host.connect(client, "{\"sub\":\"a\"}").outcome());
        assertEquals(List.of(client), host.connectedClients(client.timestamp()));
        List<TxResult> out = host.disconnect(client);
        assertEquals(1, out.size());
        assertTrue(host.connectedClients(client.timestamp()).isEmpty());
        assertTrue(host.disconnect(client).isEmpty(), "disconnecting an unknown client does nothing");
    }

    @Test
    void modulesWithForeignImportsOrWrongAbiAreRefused() {
        assertLoadError("(module (import \"wasi_snapshot_preview1\" \"fd_write\" (func (param i32 i32 i32 i32) (result i32)))"
                + TestModules.MINIMAL_EXPORTS + ")", "wasi_snapshot_preview1::fd_write");
        assertLoadError("(module (import \"spacetime_11.0\" \"identity\" (func (param i32)))"
                + TestModules.MINIMAL_EXPORTS + ")", "requires ABI 11.0");
        assertLoadError("(module (import \"spacetime_10.6\" \"identity\" (func (param i32)))"
                + TestModules.MINIMAL_EXPORTS + ")", "requires ABI 10.6");
        assertLoadError("(module (import \"spacetime_10.0\" \"no_such_fn\" (func))"
                + TestModules.MINIMAL_EXPORTS + ")", "spacetime_10.0::no_such_fn");
        assertLoadError("(module (import \"spacetime_10.0\" \"identity\" (func (param i64)))"
                + TestModules.MINIMAL_EXPORTS + ")", "with signature");
        assertLoadError("(module " + TestModules.MINIMAL_EXPORTS + ")", "ABI version cannot be determined");
        assertLoadError("(module (import \"spacetime_10.0\" \"identity\" (func (param i32))) (memory (export \"memory\") 1))",
                "does not export `__describe_module__`");
        ModuleLoadException e = assertThrows(ModuleLoadException.class, () -> ModuleHost.load(new byte[] {1, 2, 3},
                OWNER, OWNER, "x", ModuleHost.Options.DEFAULT));
        assertTrue(e.getMessage().startsWith("not a WebAssembly module"), e.getMessage());
        // The magic bytes are right but the rest is not WebAssembly.
        ModuleLoadException broken = assertThrows(ModuleLoadException.class, () -> ModuleHost.load(
                new byte[] {0, 'a', 's', 'm', 9, 9}, OWNER, OWNER, "x", ModuleHost.Options.DEFAULT));
        assertTrue(broken.getMessage().startsWith("not a valid WebAssembly module"), broken.getMessage());
    }

    @Test
    void invalidModuleDefinitionIsRefusedWithItsReason() {
        ModuleLoadException e = assertThrows(ModuleLoadException.class, () -> ModuleHost.load(
                TestModules.describing(new byte[] {2, 1, 0, 0, 0, 99}), OWNER, OWNER, "x", ModuleHost.Options.DEFAULT));
        assertTrue(e.getMessage().startsWith("invalid module definition"), e.getMessage());
    }

    private static void assertLoadError(String wat, String expected) {
        ModuleLoadException e = assertThrows(ModuleLoadException.class,
                () -> ModuleHost.load(Wat2Wasm.parse(wat), OWNER, OWNER, "x", ModuleHost.Options.DEFAULT));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
