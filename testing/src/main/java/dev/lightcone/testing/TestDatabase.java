package dev.lightcone.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.ProcedureResult;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.executor.schedule.ScheduledRow;
import dev.lightcone.executor.view.ViewResult;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.json.SatsJson;
import dev.lightcone.sats.moduledef.ProcedureSchema;
import dev.lightcone.sats.moduledef.ReducerSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A module loaded in-process for tests: call reducers as any identity at any time, read tables and
 * the module log, fire schedules. No server, no network, no disk; the real datastore and WebAssembly
 * host. Time is simulated and only moves when the test moves it.
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.load(Path.of("modules/dist/bank.wasm"))) {
 *     db.call("seed", 10).assertCommitted();
 *     db.callAs(TestDatabase.identity("alice"), "transfer", 1, 2, 100L).assertCommitted();
 *     assertEquals(900, db.table("accounts").find("id", 1).get("balance").asLong());
 * }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {
    /** The simulated clock starts here: 2025-01-01T00:00:00Z. */
    public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModuleHost host;
    private Timestamp now = Timestamp.ofInstant(EPOCH);

    private TestDatabase(ModuleHost host) {
        this.host = host;
    }

    /** Loads a module from a file and runs its {@code init} as the owner. */
    public static TestDatabase load(Path wasm) {
        return load(wasm, ModuleHost.Options.DEFAULT);
    }

    /** Loads a module from a file with options (limits, loopback HTTP) and runs its {@code init}. */
    public static TestDatabase load(Path wasm, ModuleHost.Options options) {
        try {
            return load(Files.readAllBytes(wasm), options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read module " + wasm, e);
        }
    }

    /** Loads a module with options (execution mode, limits) and runs its {@code init}. */
    public static TestDatabase load(byte[] wasm, ModuleHost.Options options) {
        ModuleHost host = ModuleHost.load(wasm, identity("database"), identity("owner"), "test", options);
        TestDatabase db = new TestDatabase(host);
        TxResult init = host.init(db.now);
        if (!init.outcome().committed()) {
            throw new IllegalStateException("init failed: " + init.outcome());
        }
        return db;
    }

    /**
     * A stable identity for a name, shaped like a minted one ({@code c200…}), so tests read as
     * {@code identity("alice")}.
     */
    public static Identity identity(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            h[0] = (byte) 0xC2;
            h[1] = 0;
            return Identity.fromBigEndian(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public ModuleHost host() {
        return host;
    }

    /** The identity that published the database; {@code init} and {@link #call} run as it. */
    public Identity owner() {
        return host.owner();
    }

    // ---------------------------------------------------------------- time

    public Timestamp now() {
        return now;
    }

    /** Sets the simulated clock. */
    public TestDatabase at(Instant instant) {
        now = Timestamp.ofInstant(instant);
        return this;
    }

    /** Moves the simulated clock forward and fires every schedule that came due, in order. */
    public List<ReducerCall> advance(Duration d) {
        Timestamp target = now.plus(dev.lightcone.sats.TimeDuration.of(d));
        List<ReducerCall> fired = new ArrayList<>();
        while (host.scheduler().nextDueMicros() <= target.micros()) {
            long due = host.scheduler().nextDueMicros();
            now = new Timestamp(Math.max(now.micros(), due));
            for (ScheduledRow row : host.scheduler().takeDue(now)) {
                String table = host.datastore().table(row.tableId()).name();
                fired.add(new ReducerCall(table, host.fireSchedule(row, now)));
            }
        }
        now = target;
        return fired;
    }

    // ---------------------------------------------------------------- calls

    /** Calls a reducer as the owner with Java arguments (see {@link JavaValues}). */
    public ReducerCall call(String reducer, Object... args) {
        return callAs(owner(), reducer, args);
    }

    /** Calls a reducer as {@code caller} with no connection. */
    public ReducerCall callAs(Identity caller, String reducer, Object... args) {
        ReducerSchema r = reducer(reducer);
        AlgebraicValue.Product value = JavaValues.arguments(r.params(), args, host.schema().typespace());
        byte[] bytes = Bsatn.encodeWith(r.params(), value, host.schema().typespace());
        return callBsatn(caller, reducer, bytes);
    }

    /** Calls a reducer with SATS-JSON arguments, e.g. {@code "[1, 2, 100]"} or {@code {"from":1,...}}. */
    public ReducerCall callJson(Identity caller, String reducer, String json) {
        ReducerSchema r = reducer(reducer);
        try {
            JsonNode node = JSON.readTree(json);
            AlgebraicValue value = SatsJson.decode(r.params(), node, host.schema().typespace());
            return callBsatn(caller, reducer, Bsatn.encodeWith(r.params(), value, host.schema().typespace()));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    /** Calls a reducer with BSATN argument bytes, as clients send them. */
    public ReducerCall callBsatn(Identity caller, String reducer, byte[] args) {
        ReducerCall call = new ReducerCall(reducer, List.of(host.callReducer(reducer,
                new CallContext(caller, ConnectionId.ZERO, tick()), args)));
        runImmediateCalls();
        return call;
    }

    /** Runs the calls the module queued with {@code volatile_nonatomic_schedule_immediate}, as the server would. */
    private void runImmediateCalls() {
        for (var pending = host.drainImmediateCalls(); !pending.isEmpty(); pending = host.drainImmediateCalls()) {
            for (ModuleHost.ImmediateCall c : pending) {
                host.callReducer(c.reducer(), new CallContext(host.databaseIdentity(), ConnectionId.ZERO, tick()),
                        c.args());
            }
        }
    }

    /** Connects a client: records it and runs {@code client_connected}. */
    public ReducerCall connect(Identity caller, ConnectionId connection) {
        return new ReducerCall("client_connected", List.of(host.connect(new CallContext(caller, connection, tick()),
                "{\"sub\":\"" + caller.toHex() + "\",\"iss\":\"localhost\"}")));
    }

    /** Disconnects a client: runs {@code client_disconnected} and forgets it. */
    public ReducerCall disconnect(Identity caller, ConnectionId connection) {
        return new ReducerCall("client_disconnected", host.disconnect(new CallContext(caller, connection, tick())));
    }

    /** Calls a procedure as the owner with Java arguments (see {@link JavaValues}). */
    public ProcedureCall callProcedure(String procedure, Object... args) {
        return callProcedureAs(owner(), procedure, args);
    }

    /** Calls a procedure as {@code caller} with no connection. */
    public ProcedureCall callProcedureAs(Identity caller, String procedure, Object... args) {
        ProcedureSchema p = procedure(procedure);
        AlgebraicValue.Product value = JavaValues.arguments(p.params(), args, host.schema().typespace());
        return callProcedureBsatn(caller, procedure, Bsatn.encodeWith(p.params(), value, host.schema().typespace()));
    }

    /**
     * Calls a procedure with BSATN argument bytes. A procedure reads real time (it sleeps and waits
     * for HTTP for real), so afterwards the simulated clock is moved past everything it saw.
     */
    public ProcedureCall callProcedureBsatn(Identity caller, String procedure, byte[] args) {
        ProcedureSchema p = procedure(procedure);
        ProcedureResult r = host.callProcedure(procedure, new CallContext(caller, ConnectionId.ZERO, tick()), args);
        long end = r.timestamp().micros() + r.durationMicros();
        for (TxResult t : r.transactions()) {
            end = Math.max(end, t.timestamp().micros());
        }
        now = new Timestamp(Math.max(now.micros(), end));
        return new ProcedureCall(procedure, r, p.returnType(), host.schema().typespace());
    }

    private ProcedureSchema procedure(String name) {
        return host.schema().procedure(name)
                .orElseThrow(() -> new IllegalArgumentException("module has no procedure `" + name + "`"));
    }

    private ReducerSchema reducer(String name) {
        return host.schema().reducer(name)
                .orElseThrow(() -> new IllegalArgumentException("module has no reducer `" + name + "`"));
    }

    /** Each call happens one microsecond after the previous one, so timestamps are distinct. */
    private Timestamp tick() {
        now = new Timestamp(now.micros() + 1);
        return now;
    }

    // ---------------------------------------------------------------- reads

    /** A table by canonical name or accessor alias. */
    public TableView table(String name) {
        Table t = host.datastore().tableByName(name);
        if (t == null) {
            throw new IllegalArgumentException("module has no table `" + name + "`");
        }
        return new TableView(t);
    }

    /**
     * What function view {@code name} returns for {@code sender} now (any identity for an anonymous
     * view), as SATS-JSON objects keyed by column name.
     *
     * @throws dev.lightcone.executor.view.ViewFailedException if the view fails
     */
    public List<JsonNode> view(String name, Identity sender) {
        ViewSchema view = host.schema().views().stream()
                .filter(v -> v.name().equals(name) || v.sourceName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("module has no function view `" + name + "`"));
        ViewResult result = host.evaluateView(view, sender, now);
        if (!(result instanceof ViewResult.Rows rows)) {
            throw new IllegalArgumentException("view `" + name + "` returns a query, not rows");
        }
        List<JsonNode> out = new ArrayList<>(rows.rows().size());
        for (byte[] row : rows.rows()) {
            out.add(SatsJson.encode(view.rowType(), Bsatn.decode(view.rowType(), row), dev.lightcone.sats.Typespace.EMPTY,
                    SatsJson.Style.NAMED));
        }
        return out;
    }

    /** Every line the module (and the host) logged, oldest first. */
    public List<ModuleLogRecord> logs() {
        return host.log().tail(-1);
    }

    /** The messages of {@link #logs()}. */
    public List<String> logMessages() {
        return logs().stream().map(ModuleLogRecord::message).toList();
    }

    @Override
    public void close() {
        // Nothing is held outside the heap; present so tests can use try-with-resources uniformly.
    }
}
