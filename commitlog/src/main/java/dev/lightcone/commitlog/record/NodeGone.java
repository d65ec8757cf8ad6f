package dev.lightcone.commitlog.record;

import dev.lightcone.sats.Timestamp;

/**
 * A node of the cluster is gone (or restarted): every connection it held is ended, running
 * {@code client_disconnected} for each, as if each had disconnected. Applying it twice ends nothing more.
 *
 * @param node the node, as named in {@link ClientConnected#node()}
 */
public record NodeGone(String node, Timestamp timestamp) implements Command {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitNodeGone(this);
    }
}
