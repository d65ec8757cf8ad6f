package dev.lightcone.materializer.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A memo for one transaction's fan-out: every client's update refers to the same query updates, and
 * whatever the gateway derives from one (its wire form) is made once and reused by every client.
 */
public final class SharedEncodings {
    private final Map<Long, Object> byQuery = new ConcurrentHashMap<>();

    /** The value made for query {@code queryId} in this transaction, making it on first use. */
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(long queryId, Supplier<T> make) {
        return (T) byQuery.computeIfAbsent(queryId, id -> make.get());
    }
}
