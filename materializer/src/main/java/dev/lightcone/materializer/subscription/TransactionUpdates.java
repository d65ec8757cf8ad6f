package dev.lightcone.materializer.subscription;

import java.util.List;

/**
 * The fan-out of one transaction.
 *
 * @param queries  every distinct query update (encode each once)
 * @param clients  per affected client, in subscription order; clients with nothing are absent
 * @param failures query sets removed because their evaluation failed
 */
public record TransactionUpdates(List<QueryDelta> queries, List<ClientUpdate> clients,
        List<QuerySetFailure> failures) {
    /** Nothing to send. */
    public static final TransactionUpdates EMPTY = new TransactionUpdates(List.of(), List.of(), List.of());

    public TransactionUpdates {
        queries = List.copyOf(queries);
        clients = List.copyOf(clients);
        failures = List.copyOf(failures);
    }

    public boolean isEmpty() {
        return clients.isEmpty() && failures.isEmpty();
    }
}
