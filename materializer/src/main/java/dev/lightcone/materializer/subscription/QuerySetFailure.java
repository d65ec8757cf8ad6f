package dev.lightcone.materializer.subscription;

import dev.lightcone.sats.ConnectionId;

/**
 * A query set whose incremental evaluation failed; it has been removed. Send
 * {@code SubscriptionError{request_id: None, query_set_id, error}} before the updates.
 */
public record QuerySetFailure(ConnectionId client, int querySetId, String error) {
}
