package dev.lightcone.materializer.runtime;

import dev.lightcone.executor.ProcedureOutcome;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.materializer.subscription.QuerySetRows;
import dev.lightcone.materializer.subscription.QuerySetDelta;
import dev.lightcone.sats.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One thing a connected client is told, in the order the database decided it. The gateway turns each
 * into a protocol message; query updates shared by several clients carry the same
 * {@link SharedEncodings}, so each distinct query's rows are encoded once per transaction.
 */
public sealed interface SessionUpdate {

    /** A query set was registered; {@code rows} are its rows at that point. */
    record SubscribeApplied(int requestId, int querySetId, QuerySetRows rows) implements SessionUpdate {
    }

    /** A query set was dropped; its rows if the client asked for them. */
    record UnsubscribeApplied(int requestId, int querySetId, Optional<QuerySetRows> rows) implements SessionUpdate {
    }

    /** A query set could not be registered, or failed later (no request id) and was dropped. */
    record SubscriptionFailed(OptionalInt requestId, int querySetId, String error) implements SessionUpdate {
    }

    /** The changes one transaction made to this client's query sets (never empty). */
    record TransactionDelta(List<QuerySetDelta> querySets, SharedEncodings shared) implements SessionUpdate {
        public TransactionDelta {
            querySets = List.copyOf(querySets);
        }
    }

    /**
     * The result of this client's own reducer call, with its changes to the client's query sets (empty
     * unless committed).
     */
    record ReducerReply(int requestId, Timestamp timestamp, TxOutcome outcome, List<QuerySetDelta> querySets,
            SharedEncodings shared) implements SessionUpdate {
        public ReducerReply {
            querySets = List.copyOf(querySets);
        }
    }

    /** The result of a one-off query: the rows of table {@code tableName}, or an error. */
    record OneOffResult(int requestId, String tableName, List<byte[]> rows, Optional<String> error)
            implements SessionUpdate {
        public OneOffResult {
            rows = List.copyOf(rows);
        }
    }

    /** The result of this client's procedure call. */
    record ProcedureReply(int requestId, Timestamp timestamp, long durationMicros, ProcedureOutcome outcome)
            implements SessionUpdate {
    }
}
