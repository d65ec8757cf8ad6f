package dev.lightcone.gateway.protocol;

import java.util.OptionalInt;

/** Server messages of a chosen size for compression tests. */
public final class SubscriptionErrorFixtures {
    private SubscriptionErrorFixtures() {
    }

    /** A {@code SubscriptionError} whose text has {@code n} characters. */
    public static ServerMessage large(int n) {
        return new ServerMessage.SubscriptionError(OptionalInt.of(1), QuerySetId.of(1), "e".repeat(n));
    }
}
