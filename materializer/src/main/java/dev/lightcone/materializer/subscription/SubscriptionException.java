package dev.lightcone.materializer.subscription;

import dev.lightcone.sats.LightconeException;

/**
 * A subscribe or unsubscribe request failed; nothing was registered or removed. The message is the
 * {@code SubscriptionError.error} text.
 */
public final class SubscriptionException extends LightconeException {
    private static final long serialVersionUID = 1L;

    private final int querySetId;

    public SubscriptionException(int querySetId, String message) {
        super(message);
        this.querySetId = querySetId;
    }

    public SubscriptionException(int querySetId, String message, Throwable cause) {
        super(message, cause);
        this.querySetId = querySetId;
    }

    /** The query set the request named. */
    public int querySetId() {
        return querySetId;
    }
}
