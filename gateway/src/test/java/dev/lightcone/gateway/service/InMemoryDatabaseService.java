package dev.lightcone.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightcone.executor.log.LogLevel;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.auth.IdentityDerivation;
import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.EncodedMessage;
import dev.lightcone.gateway.protocol.ProcedureStatus;
import dev.lightcone.gateway.protocol.QueryOutcome;
import dev.lightcone.gateway.protocol.QueryRows;
import dev.lightcone.gateway.protocol.QuerySetUpdate;
import dev.lightcone.gateway.protocol.ReducerOk;
import dev.lightcone.gateway.protocol.ReducerOutcome;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.SingleTableRows;
import dev.lightcone.gateway.protocol.TableUpdate;
import dev.lightcone.gateway.protocol.TableUpdateRows;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.UnsubscribeFlags;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A test double of {@link DatabaseService} at the boundary the real executor-backed service will replace. It keeps
 * databases in a map and answers with fixed, recognisable values so that route tests can check the HTTP and
 * WebSocket shapes (statuses, headers, bodies, framing) without a module host. It is NOT a model of database
 * behaviour: one table {@code person} of opaque rows, reducer {@code add} appends its argument bytes as a row,
 * reducer {@code fail} fails, everything else is unknown.
 */
public final class InMemoryDatabaseService implements DatabaseService {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Databases by identity. */
    public final Map<Identity, DatabaseInfo> databases = new ConcurrentHashMap<>();
    /** Names to identities. */
    public final Map<String, Identity> names = new ConcurrentHashMap<>();
    /** Rows of the single table, as opaque BSATN. */
    public final List<byte[]> rows = new CopyOnWriteArrayList<>();
    /** Sessions opened, for assertions. */
    public final List<EchoSession> sessions = new CopyOnWriteArrayList<>();
    /** The database name whose {@code client_connected} rejects every client. */
    public static final String REJECTING = "rejecting";
    /** Log lines of every database. */
    public final List<ModuleLogRecord> logLines = new CopyOnWriteArrayList<>(List.of(
            new ModuleLogRecord(LogLevel.INFO, 1_732_560_000_123_456L, "quickstart", "src/lib.rs", 12, "add", "hello"),
            ModuleLogRecord.system(LogLevel.WARN, 1_732_560_000_200_000L, "system line")));

    /** Creates a database named {@code name} owned by {@code owner}. */
    public DatabaseInfo create(String name, Identity owner) {
        Identity id = IdentityDerivation.fromClaims("localhost", UUID.randomUUID().toString());
        DatabaseInfo db = new DatabaseInfo(id, owner, HostType.WASM, "00ff");
        databases.put(id, db);
        names.put(name, id);
        return db;
    }

    @Override
    public Mono<DatabaseInfo> lookup(DatabaseRef ref) {
        Identity id = ref instanceof DatabaseRef.ByIdentity i ? i.identity() : names.get(((DatabaseRef.ByName) ref).name());
        return Mono.justOrEmpty(id == null ? null : databases.get(id));
    }

    @Override
    public Mono<List<Identity>> databasesOwnedBy(Identity owner) {
        return Mono.just(databases.values().stream().filter(d -> d.ownerIdentity().equals(owner))
                .map(DatabaseInfo::databaseIdentity).sorted().toList());
    }

    @Override
    public Mono<PublishOutcome> publish(PublishRequest r) {
        if (r.program().length == 0) {
            return Mono.just(new PublishOutcome.Refused("empty module"));
        }
        if (r.target().isEmpty()) {
            DatabaseInfo db = create(UUID.randomUUID().toString(), r.caller().identity());
            return Mono.just(new PublishOutcome.Success(Optional.empty(), db.databaseIdentity(), PublishOutcome.Op.CREATED));
        }
        String name = ((DatabaseRef.ByName) r.target().get()).name();
        Identity existing = names.get(name);
        if (existing == null) {
            DatabaseInfo db = create(name, r.caller().identity());
            return Mono.just(new PublishOutcome.Success(Optional.of(name), db.databaseIdentity(), PublishOutcome.Op.CREATED));
        }
        if (!databases.get(existing).ownerIdentity().equals(r.caller().identity())) {
            return Mono.just(new PublishOutcome.PermissionDenied(name));
        }
        return Mono.just(new PublishOutcome.Success(Optional.of(name), existing, PublishOutcome.Op.UPDATED));
    }

    @Override
    public Mono<PrePublishOutcome> prePublish(DatabaseInfo db, Caller caller, byte[] program, HostType hostType) {
        return Mono.just(new PrePublishOutcome.AutoMigrate("- nothing to do", false, "abcd", false));
    }

    @Override
    public Mono<Void> delete(DatabaseInfo db, Caller caller) {
        if (!db.ownerIdentity().equals(caller.identity())) {
            return Mono.error(new ServiceException(ServiceFailure.FORBIDDEN, "only the owner may delete"));
        }
        databases.remove(db.databaseIdentity());
        return Mono.empty();
    }

    @Override
    public Mono<List<String>> names(DatabaseInfo db) {
        return Mono.just(names.entrySet().stream().filter(e -> e.getValue().equals(db.databaseIdentity()))
                .map(Map.Entry::getKey).sorted().toList());
    }

    @Override
    public Mono<CallOutcome> call(DatabaseInfo db, Caller caller, String function, JsonNode args) {
        switch (function) {
            case "add":
                rows.add(args.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return Mono.just(new CallOutcome.Committed(0, 42));
            case "fail":
                return Mono.just(new CallOutcome.Failed("it failed"));
            case "broke":
                return Mono.just(new CallOutcome.OutOfEnergy());
            case "proc":
                return Mono.just(new CallOutcome.ProcedureReturned(args, 7));
            case "bad_args":
                return Mono.just(new CallOutcome.BadCall("invalid arguments for reducer bad_args: expected string"));
            default:
                return Mono.just(new CallOutcome.NoSuchFunction("no such reducer " + function));
        }
    }

    @Override
    public Mono<List<SqlStatementResult>> sql(DatabaseInfo db, Caller caller, String sql, boolean confirmed) {
        if (!sql.startsWith("SELECT")) {
            return Mono.error(new ServiceException(ServiceFailure.BAD_REQUEST, "syntax error: " + sql));
        }
        ObjectNode schema = JSON.createObjectNode();
        schema.putArray("elements").addObject().put("name", "x");
        return Mono.just(List.of(new SqlStatementResult(schema, List.of(JSON.createArrayNode().add(1).add("Alice")),
                12, SqlStatementResult.SqlStats.NONE)));
    }

    @Override
    public Mono<Flux<ModuleLogRecord>> logs(DatabaseInfo db, Caller caller, OptionalInt numLines, boolean follow) {
        if (!db.ownerIdentity().equals(caller.identity())) {
            return Mono.error(new ServiceException(ServiceFailure.FORBIDDEN, "only the owner may read the logs"));
        }
        List<ModuleLogRecord> all = new ArrayList<>(logLines);
        int n = numLines.orElse(all.size());
        return Mono.just(Flux.fromIterable(all.subList(Math.max(0, all.size() - n), all.size())));
    }

    @Override
    public Mono<JsonNode> schema(DatabaseInfo db, SchemaVersion version) {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("sections");
        o.put("version", version.number());
        return Mono.just(o);
    }

    @Override
    public Mono<ClientSession> connect(DatabaseInfo db, SessionRequest request) {
        if (names.getOrDefault(REJECTING, Identity.ZERO).equals(db.databaseIdentity())) {
            return Mono.empty();
        }
        EchoSession s = new EchoSession(request);
        sessions.add(s);
        return Mono.just(s);
    }

    /** A session that answers each client message with a fixed reply; see the class comment. */
    public final class EchoSession implements ClientSession {
        /** The request that opened it. */
        public final SessionRequest request;
        /** How many times {@link #close()} was called. */
        public final AtomicInteger closes = new AtomicInteger();
        /** Messages received. */
        public final List<ClientMessage> received = new CopyOnWriteArrayList<>();
        private final Sinks.Many<ServerMessage> out = Sinks.many().unicast().onBackpressureBuffer();

        EchoSession(SessionRequest request) {
            this.request = request;
        }

        /** Pushes a message to the client as if a transaction produced it. */
        public void push(ServerMessage m) {
            out.tryEmitNext(m);
        }

        /** Ends the session from the server side (the database went away). */
        public void end() {
            out.tryEmitComplete();
        }

        @Override
        public Flux<List<EncodedMessage>> outbound() {
            return out.asFlux().map(m -> List.of(EncodedMessage.of(m)));
        }

        @Override
        public Admission offer(ClientMessage m) {
            received.add(m);
            Timestamp ts = new Timestamp(1_000);
            if (m instanceof ClientMessage.Subscribe s) {
                push(new ServerMessage.SubscribeApplied(s.requestId(), s.querySetId(), current()));
            } else if (m instanceof ClientMessage.Unsubscribe u) {
                push(new ServerMessage.UnsubscribeApplied(u.requestId(), u.querySetId(),
                        u.flags() == UnsubscribeFlags.SEND_DROPPED_ROWS ? Optional.of(current()) : Optional.empty()));
            } else if (m instanceof ClientMessage.OneOffQuery q) {
                push(new ServerMessage.OneOffQueryResult(q.requestId(), new QueryOutcome.Err("not supported")));
            } else if (m instanceof ClientMessage.CallReducer c) {
                rows.add(c.args());
                TransactionUpdate tu = new TransactionUpdate(List.of(new QuerySetUpdate(
                        dev.lightcone.gateway.protocol.QuerySetId.of(0), List.of(new TableUpdate("person",
                                List.of(new TableUpdateRows.PersistentTable(BsatnRowList.of(c.args()),
                                        BsatnRowList.empty())))))));
                push(new ServerMessage.ReducerResult(c.requestId(), ts,
                        new ReducerOutcome.Ok(new ReducerOk(new byte[0], tu))));
            } else if (m instanceof ClientMessage.CallProcedure p) {
                push(new ServerMessage.ProcedureResult(new ProcedureStatus.Returned(p.args()), ts,
                        new TimeDuration(5), p.requestId()));
            }
            return Admission.ACCEPTED;
        }

        private QueryRows current() {
            return new QueryRows(List.of(new SingleTableRows("person", BsatnRowList.of(new ArrayList<>(rows)))));
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
