package dev.lightcone.gateway.protocol;

import java.util.List;

/**
 * The per-query-set changes of one transaction. It is both the payload of server message tag 4
 * ({@code ServerMessage::TransactionUpdate(TransactionUpdate)}) and the update inside {@link ReducerOk}, so it is
 * a {@link ServerMessage} case itself.
 */
public record TransactionUpdate(List<QuerySetUpdate> querySets) implements ServerMessage {
    /** Copies the list. */
    public TransactionUpdate {
        querySets = List.copyOf(querySets);
    }

    /** No query sets. */
    public static TransactionUpdate empty() {
        return new TransactionUpdate(List.of());
    }
}
