package dev.lightcone.testing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.executor.host.ExecutionLimits;
import dev.lightcone.executor.log.LogLevel;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.testing.ReducerCall;
import dev.lightcone.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code feature-hostile} module: every way a module can misbehave ends its call with an
 * internal error and a rollback, and the database keeps serving with its data intact.
 */
class FeatureHostileModuleTest {
    private static final Duration TIME_LIMIT = Duration.ofMillis(300);
    private static final ModuleHost.Options TIGHT = ModuleHost.Options.DEFAULT.withLimits(
            ExecutionLimits.DEFAULT.withCallTimeout(TIME_LIMIT).withMaxMemoryPages(256));

    private TestDatabase db;

    @BeforeEach
    void load() {
        db = TestDatabase.load(ExampleModules.path("feature-hostile"), TIGHT);
        db.call("ok", "before").assertCommitted();
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The database still answers and still holds what was committed before the misbehaviour. */
    private void assertStillServing() {
        db.call("ok", "after").assertCommitted();
        List<String> notes = db.table("survivors").json().stream().map(r -> r.get("note").asText()).toList();
        assertEquals(List.of("before", "after"), notes);
    }

    private static TxOutcome.InternalError internalError(ReducerCall call) {
        return assertInstanceOf(TxOutcome.InternalError.class, call.outcome());
    }

    @Test
    void infiniteLoopIsStoppedWithinTheTimeLimit() {
        long start = System.nanoTime();
        ReducerCall call = db.call("spin");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(TxOutcome.OUT_OF_ENERGY, internalError(call).message());
        assertTrue(millis < TIME_LIMIT.toMillis() + 2_000, "stopped after " + millis + " ms");
        assertStillServing();
    }

    @Test
    void unboundedAllocationIsStoppedByTheMemoryCap() {
        // A generous time limit, so that on a loaded machine only the memory cap can stop it.
        db = TestDatabase.load(ExampleModules.path("feature-hostile"), ModuleHost.Options.DEFAULT.withLimits(
                ExecutionLimits.DEFAULT.withCallTimeout(Duration.ofSeconds(20)).withMaxMemoryPages(256)));
        db.call("ok", "before").assertCommitted();
        ReducerCall call = db.call("allocate");
        assertEquals(TxOutcome.FATAL_ERROR, internalError(call).message());
        assertStillServing();
    }

    @Test
    void panicIsAFatalErrorWithItsMessageAndLocationLogged() {
        ReducerCall call = db.call("panic_now", "the sky is falling");
        assertEquals(TxOutcome.FATAL_ERROR, internalError(call).message());
        ModuleLogRecord panic = db.logs().stream().filter(r -> r.level() == LogLevel.PANIC).findFirst().orElseThrow();
        assertEquals("the sky is falling", panic.message());
        assertEquals("feature-hostile/src/lib.rs", panic.filename(), "a path relative to modules/");
        assertTrue(panic.line() > 0, "line " + panic.line());
        assertEquals("panic_now", panic.function());
        assertStillServing();
    }

    @Test
    void panicAfterAnInsertRollsTheInsertBack() {
        assertEquals(TxOutcome.FATAL_ERROR, internalError(db.call("insert_then_panic", "doomed")).message());
        assertStillServing();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad_pointer", "trap_unreachable", "host_null_pointer", "host_out_of_bounds",
        "overflow_stack"})
    void trapsAreFatalErrorsAndTheNextCallRunsOnAFreshInstance(String reducer) {
        assertEquals(TxOutcome.FATAL_ERROR, internalError(db.call(reducer)).message());
        assertTrue(db.logMessages().stream().noneMatch(m -> m.startsWith("host returned")),
                "the host trapped instead of returning an error code");
        assertStillServing();
    }

    @Test
    void malformedArgumentsAreRefusedBeforeTheModuleRuns() {
        ReducerCall call = db.callBsatn(db.owner(), "ok", new byte[] {5, 0, 0, 0, 'a'});
        String message = internalError(call).message();
        assertTrue(message.startsWith("invalid arguments for reducer ok: "), message);
        ReducerCall trailing = db.callBsatn(db.owner(), "fail", new byte[] {1, 0, 0, 0, 'a', 'b'});
        assertTrue(internalError(trailing).message().startsWith("invalid arguments for reducer fail: "));
        assertTrue(db.logs().stream().noneMatch(r -> r.level() == LogLevel.PANIC), "the module never saw them");
        assertStillServing();
    }

    @Test
    void userErrorsAreNotFatal() {
        db.call("fail", "nope").assertFailed("nope");
        assertStillServing();
    }

    @Test
    void everyLogLevelIsRecordedInOrder() {
        db.call("log_levels").assertCommitted();
        List<ModuleLogRecord> lines = db.logs().stream().filter(r -> "log_levels".equals(r.function())).toList();
        assertEquals(List.of(LogLevel.ERROR, LogLevel.WARN, LogLevel.INFO, LogLevel.DEBUG, LogLevel.TRACE,
                LogLevel.INFO), lines.stream().map(ModuleLogRecord::level).toList());
        assertEquals("error line", lines.get(0).message());
        assertEquals("x".repeat(10_000), lines.get(5).message());
    }
}
