package dev.lightcone.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.sats.Identity;
import java.util.List;
import java.util.OptionalInt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the gateway needs from the node's databases (client-protocol §3.2–3.7 and §4). Every method is
 * non-blocking: it returns a publisher and does its work elsewhere. Expected refusals are signalled as
 * {@link ServiceException}s (mapped to 4xx statuses); any other error becomes a 500 and is logged. Methods that
 * take a {@link DatabaseInfo} are only called with one {@link #lookup} returned.
 */
public interface DatabaseService {

    /** The database a path segment names; empty when there is none (404 {@code No such database.}). */
    Mono<DatabaseInfo> lookup(DatabaseRef ref);

    /** The identities of the databases {@code owner} owns ({@code GET /v1/identity/{identity}/databases}). */
    Mono<List<Identity>> databasesOwnedBy(Identity owner);

    /** Publishes a program, creating or updating a database. */
    Mono<PublishOutcome> publish(PublishRequest request);

    /** What publishing {@code program} over {@code db} would do, for the CLI's confirmation prompt. */
    Mono<PrePublishOutcome> prePublish(DatabaseInfo db, Caller caller, byte[] program, HostType hostType);

    /** As {@link #prePublish(DatabaseInfo, Caller, byte[], HostType)}, the plan with ANSI colours if asked. */
    default Mono<PrePublishOutcome> prePublish(DatabaseInfo db, Caller caller, byte[] program, HostType hostType,
            boolean ansiColor) {
        return prePublish(db, caller, program, hostType);
    }

    /** Deletes {@code db}; {@link ServiceFailure#FORBIDDEN} unless {@code caller} owns it. */
    Mono<Void> delete(DatabaseInfo db, Caller caller);

    /** The names registered to {@code db}. */
    Mono<List<String>> names(DatabaseInfo db);

    /**
     * Calls reducer (or, failing that, procedure) {@code function} of {@code db} with SATS-JSON {@code args} (an
     * array of positional arguments or an object keyed by parameter name), wrapped in connect/disconnect calls with
     * a fresh connection id.
     */
    Mono<CallOutcome> call(DatabaseInfo db, Caller caller, String function, JsonNode args);

    /** Runs one or more {@code ;}-separated SQL statements; bad SQL is {@link ServiceFailure#BAD_REQUEST}. */
    Mono<List<SqlStatementResult>> sql(DatabaseInfo db, Caller caller, String sql, boolean confirmed);

    /**
     * The module log: the outer publisher authorizes (only the owner may read: {@link ServiceFailure#FORBIDDEN}) and
     * then yields the stream of the last {@code numLines} lines (all when absent) followed, if {@code follow}, by new
     * lines as they are written until the subscriber cancels. Splitting the two lets the gateway answer a refusal
     * with a status before it starts streaming.
     */
    Mono<Flux<ModuleLogRecord>> logs(DatabaseInfo db, Caller caller, OptionalInt numLines, boolean follow);

    /** The module definition as SATS-JSON of {@code RawModuleDefV10} or {@code RawModuleDefV9}. */
    Mono<JsonNode> schema(DatabaseInfo db, SchemaVersion version);

    /**
     * Connects a WebSocket client: runs {@code client_connected} and, if it accepts, returns the session. Empty
     * when the module rejects the client (the gateway then just closes the socket).
     */
    Mono<ClientSession> connect(DatabaseInfo db, SessionRequest request);
}
