package dev.lightcone.gateway.protocol;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.Timestamp;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A v2 server-to-client message (client-protocol §6.3). Tag 4 is the shared {@link TransactionUpdate} record
 * itself; the other cases are nested here in wire-tag order.
 */
public sealed interface ServerMessage
        permits ServerMessage.InitialConnection, ServerMessage.SubscribeApplied, ServerMessage.UnsubscribeApplied,
        ServerMessage.SubscriptionError, TransactionUpdate, ServerMessage.OneOffQueryResult,
        ServerMessage.ReducerResult, ServerMessage.ProcedureResult {

    /** Tag 0: always the first message: who the client is, its connection id and a token to reuse. */
    record InitialConnection(Identity identity, ConnectionId connectionId, String token) implements ServerMessage {
        /** Checks for nulls. */
        public InitialConnection {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(token, "token");
        }
    }

    /** Tag 1: a query set was subscribed; {@code rows} are all rows currently matching it. */
    record SubscribeApplied(int requestId, QuerySetId querySetId, QueryRows rows) implements ServerMessage {
        /** Checks for nulls. */
        public SubscribeApplied {
            Objects.requireNonNull(querySetId, "querySetId");
            Objects.requireNonNull(rows, "rows");
        }
    }

    /** Tag 2: a query set was dropped; {@code rows} are the dropped rows when the client asked for them. */
    record UnsubscribeApplied(int requestId, QuerySetId querySetId, Optional<QueryRows> rows) implements ServerMessage {
        /** Checks for nulls. */
        public UnsubscribeApplied {
            Objects.requireNonNull(querySetId, "querySetId");
            Objects.requireNonNull(rows, "rows");
        }
    }

    /**
     * Tag 3: a query set failed. {@code requestId} is present when the {@code Subscribe} itself failed and absent
     * when an applied set failed later (the TypeScript SDK then disconnects).
     */
    record SubscriptionError(OptionalInt requestId, QuerySetId querySetId, String error) implements ServerMessage {
        /** Checks for nulls. */
        public SubscriptionError {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(querySetId, "querySetId");
            Objects.requireNonNull(error, "error");
        }
    }

    /** Tag 5: the answer to a one-off query. */
    record OneOffQueryResult(int requestId, QueryOutcome result) implements ServerMessage {
        /** Checks for nulls. */
        public OneOffQueryResult {
            Objects.requireNonNull(result, "result");
        }
    }

    /** Tag 6: the answer to the caller's own reducer call; {@code timestamp} is the reducer's start time. */
    record ReducerResult(int requestId, Timestamp timestamp, ReducerOutcome result) implements ServerMessage {
        /** Checks for nulls. */
        public ReducerResult {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(result, "result");
        }
    }

    /** Tag 7: the answer to a procedure call (note the wire order: status first, request id last). */
    record ProcedureResult(ProcedureStatus status, Timestamp timestamp, TimeDuration totalHostExecutionDuration,
            int requestId) implements ServerMessage {
        /** Checks for nulls. */
        public ProcedureResult {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(totalHostExecutionDuration, "totalHostExecutionDuration");
        }
    }
}
