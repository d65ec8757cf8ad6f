package dev.lightcone.materializer.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * A memo for one transaction's fan-out: every client's update refers to the same query updates, and
 * whatever the gateway derives from one (its wire form) is made once and reused by every client.
 */
public final class SharedEncodings {
    /**
     * What was made so far, by the three ways of asking for it. Three maps, not one: a value made by reference may
     * itself ask for a shared value ({@link #sharedByReference} then {@link #shared}), and a map cannot be updated
     * from inside its own {@code computeIfAbsent}. Made on first use: one memo exists per transaction that reaches a
     * client, and most are only ever asked through {@link #sameAsLast}.
     */
    private volatile Memos memos;

    private record Memos(Map<Long, Object> byQuery, Map<Object, Object> byKey, Map<Reference, Object> byReference) {
        Memos() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    /** A key that is equal only to a key for the very same object. */
    private record Reference(Object of) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Reference r && r.of == of;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(of);
        }
    }

    /** The value made for query {@code queryId} in this transaction, making it on first use. */
    public <T> T computeIfAbsent(long queryId, Supplier<T> make) {
        return made(memos().byQuery(), queryId, make);
    }

    /**
     * The value made for {@code key} in this transaction, making it on first use: for what several queries or
     * clients have in common (e.g. the encoded tables of every query set made of the same queries). Keys need value
     * equality.
     */
    public <T> T shared(Object key, Supplier<T> make) {
        return made(memos().byKey(), key, make);
    }

    /**
     * The value made for this very object in this transaction, making it on first use: a cheaper first look than
     * {@link #shared} when the materializer hands many clients the same object (it may then call {@link #shared}).
     */
    public <T> T sharedByReference(Object of, Supplier<T> make) {
        return made(memos().byReference(), new Reference(of), make);
    }

    /**
     * The value {@code memo} holds for {@code key}, made on first use. A plain read first: {@code computeIfAbsent}
     * locks the key's bin even when the value is there, and the delivery thread and the event loops look the same
     * keys up at once.
     */
    @SuppressWarnings("unchecked")
    private static <K, T> T made(Map<K, Object> memo, K key, Supplier<T> make) {
        Object v = memo.get(key);
        return (T) (v != null ? v : memo.computeIfAbsent(key, k -> make.get()));
    }

    /** The last value made by {@link #sameAsLast}, with what it was made from. */
    private record Last(Object from, Object value) {
    }

    private volatile Last last;

    private Memos memos() {
        Memos m = memos;
        if (m == null) {
            synchronized (this) {
                m = memos;
                if (m == null) {
                    m = new Memos();
                    memos = m;
                }
            }
        }
        return m;
    }

    /**
     * The value made for the previous client if {@code same} says this client's {@code from} matches that
     * client's, else a new one: clients are served one after another, so clients with identical updates
     * (e.g. the same query set id and queries) share one value, at the cost of one comparison when they do not.
     */
    @SuppressWarnings("unchecked")
    public <F, T> T sameAsLast(F from, BiPredicate<F, F> same, Supplier<T> make) {
        Last l = last;
        if (l != null && same.test((F) l.from(), from)) {
            return (T) l.value();
        }
        T value = make.get();
        last = new Last(from, value);
        return value;
    }
}
