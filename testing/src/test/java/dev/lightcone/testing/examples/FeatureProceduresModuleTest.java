package dev.lightcone.testing.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.ProcedureOutcome;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.host.ExecutionLimits;
import dev.lightcone.executor.log.LogLevel;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.testing.ProcedureCall;
import dev.lightcone.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code feature-procedures} module: return values, explicit transactions, sleeping and HTTP. */
class FeatureProceduresModuleTest {
    private static final ModuleHost.Options LOOPBACK_ALLOWED = ModuleHost.Options.DEFAULT.withAllowLoopbackHttp(true);

    private TestDatabase db;

    @BeforeEach
    void load() {
        db = TestDatabase.load(ExampleModules.path("feature-procedures"), LOOPBACK_ALLOWED);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> entryTexts() {
        return db.table("entries").json().stream().map(r -> r.get("text").asText()).toList();
    }

    @Test
    void returnValuesDecodeAtTheDeclaredType() {
        assertEquals(new AlgebraicValue.Int(5), db.callProcedure("add_two", 2, 3).value());
        assertEquals(AlgebraicValue.Product.UNIT, db.callProcedure("nothing").value());
        Identity alice = TestDatabase.identity("alice");
        assertEquals(alice.toValue(), db.callProcedureAs(alice, "whoami").value());
        ProcedureCall none = db.callProcedure("nothing");
        assertArrayEquals(new byte[0], ((ProcedureOutcome.Returned) none.outcome()).value(), "unit is zero bytes");
        assertTrue(none.transactions().isEmpty());
    }

    @Test
    void withTxCommitsAndReportsItsChanges() {
        ProcedureCall first = db.callProcedure("insert_entry", "one").assertReturned();
        assertEquals(new AlgebraicValue.Int(1), first.value(), "auto-inc id written back inside with_tx");
        assertEquals(1, first.transactions().size());
        TxResult tx = first.transactions().get(0);
        assertEquals(TxOutcome.COMMITTED, tx.outcome());
        assertEquals(1, tx.changes().size());
        assertEquals("entries", tx.changes().get(0).tableName());
        assertEquals(1, tx.changes().get(0).inserts().size());
        assertEquals(new AlgebraicValue.Int(2), db.callProcedure("insert_entry", "two").value());
        assertEquals(List.of("one", "two"), entryTexts());
    }

    @Test
    void eachWithTxIsItsOwnTransaction() {
        ProcedureCall call = db.callProcedure("insert_two", "a", "b").assertReturned();
        assertEquals(new AlgebraicValue.Int(2), call.value());
        List<TxResult> txs = call.transactions();
        assertEquals(2, txs.size());
        assertTrue(txs.get(1).timestamp().micros() > txs.get(0).timestamp().micros(), "later transaction, later time");
        for (TxResult t : txs) {
            assertEquals(1, t.changes().get(0).inserts().size());
        }
    }

    @Test
    void tryWithTxErrorRollsBackAndReturnsTheError() {
        ProcedureCall call = db.callProcedure("insert_then_fail", "x").assertReturned();
        assertEquals("failed after insert", call.json().get("err").asText());
        assertTrue(call.transactions().isEmpty());
        assertEquals(0, db.table("entries").count());
    }

    /** Conformance checklist 54: a panic after the first with_tx keeps the first transaction. */
    @Test
    void panicAfterTheFirstTransactionKeepsItAndAbortsTheOpenOne() {
        ProcedureCall call = db.callProcedure("insert_then_panic", "kept", "dropped");
        ProcedureOutcome.InternalError e = assertInstanceOf(ProcedureOutcome.InternalError.class, call.outcome());
        assertEquals(TxOutcome.FATAL_ERROR, e.message());
        assertEquals(1, call.transactions().size(), "the first transaction is reported");
        assertEquals(List.of("kept"), entryTexts());
        ModuleLogRecord panic = db.logs().stream().filter(r -> r.level() == LogLevel.PANIC).findFirst().orElseThrow();
        assertEquals("panicking inside the second transaction", panic.message());
        // The host still serves calls on a fresh instance, and the datastore has no transaction left open.
        db.call("add_entry", "after").assertCommitted();
        assertEquals(List.of("kept", "after"), entryTexts());
    }

    @Test
    void guideReducerProcedureFormRunsInOneTransaction() {
        db.call("add_entry", "x").assertCommitted();
        ProcedureCall count = db.callProcedure("count_entries").assertReturned();
        assertEquals(1, count.json().get("ok").asLong());
        ProcedureCall rejected = db.callProcedure("insert_and_reject", "y").assertReturned();
        assertEquals("rejected", rejected.json().get("err").asText());
        assertTrue(rejected.transactions().isEmpty());
        assertEquals(List.of("x"), entryTexts());
    }

    @Test
    void sleepUntilWaitsAndDoesNotCountAgainstTheCallTimeLimit() {
        // The limit is on execution: a 300 ms sleep under a 150 ms limit must still return.
        try (TestDatabase tight = TestDatabase.load(ExampleModules.path("feature-procedures"),
                LOOPBACK_ALLOWED.withLimits(ExecutionLimits.DEFAULT.withCallTimeout(Duration.ofMillis(150))))) {
            JsonNode slept = tight.callProcedure("sleep_then_count", 300_000L).assertReturned().json();
            long called = slept.get("called_at").get("__timestamp_micros_since_unix_epoch__").asLong();
            long woke = slept.get("woke_at").get("__timestamp_micros_since_unix_epoch__").asLong();
            assertTrue(woke - called >= 300_000, "woke after " + (woke - called) + " µs");
            assertEquals(0, slept.get("entries").asLong());
            assertTrue(tight.now().micros() >= woke, "the simulated clock moved past the procedure");
        }
    }

    @Test
    void unknownProceduresAreRefused() {
        ProcedureOutcome.InternalError e = assertInstanceOf(ProcedureOutcome.InternalError.class,
                db.host().callProcedure("nope", new CallContext(db.owner(), ConnectionId.ZERO, db.now()),
                        new byte[0]).outcome());
        assertEquals("no such procedure `nope`", e.message());
        String bad = db.callProcedureBsatn(db.owner(), "add_two", new byte[] {1, 0, 0, 0}).error();
        assertTrue(bad.startsWith("invalid arguments for procedure add_two: "), bad);
    }

    // ---------------------------------------------------------------- HTTP

    /** A server on 127.0.0.1 that answers GET with "hello" and POST with 201, recording requests. */
    private static final class LocalServer implements AutoCloseable {
        final HttpServer server;
        final BlockingQueue<String> posted = new ArrayBlockingQueue<>(4);

        LocalServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                if (ex.getRequestMethod().equals("POST")) {
                    posted.add(ex.getRequestHeaders().getFirst("content-type") + " " + new String(body,
                            StandardCharsets.UTF_8));
                    ex.sendResponseHeaders(201, -1);
                } else {
                    byte[] out = "hello".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, out.length);
                    ex.getResponseBody().write(out);
                }
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/x";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void httpGetAndPostReachALocalServerWhenAllowed() throws Exception {
        try (LocalServer server = new LocalServer()) {
            ProcedureCall get = db.callProcedure("fetch", server.url()).assertReturned();
            assertEquals("200 hello", get.json().get("ok").asText());
            ProcedureCall post = db.callProcedure("post", server.url(), "payload").assertReturned();
            assertEquals(201, post.json().get("ok").asInt());
            assertEquals("text/plain payload", server.posted.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void loopbackIsRefusedByDefault() throws Exception {
        try (LocalServer server = new LocalServer();
                TestDatabase strict = TestDatabase.load(ExampleModules.path("feature-procedures"))) {
            ProcedureCall get = strict.callProcedure("fetch", server.url()).assertReturned();
            String err = get.json().get("err").asText();
            assertTrue(err.startsWith("refusing to connect to non-public address 127.0.0.1"), err);
        }
    }

    @Test
    void transportFailuresComeBackAsErrors() throws Exception {
        String url;
        try (LocalServer server = new LocalServer()) {
            url = server.url();
        }
        // The server is gone: the connection is refused and the module gets error 21 with the text.
        String err = db.callProcedure("fetch", url).assertReturned().json().get("err").asText();
        assertTrue(err.startsWith("request to " + url + " failed"), err);
        String scheme = db.callProcedure("fetch", "ftp://example.com/").assertReturned().json().get("err").asText();
        assertTrue(scheme.startsWith("unsupported URI scheme"), scheme);
    }
}
