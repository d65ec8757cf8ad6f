package dev.lightcone.bench.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's live counters, updated from every worker thread: events by kind, split into what the run provokes on
 * purpose (connections lost to a kill, refusals at the connection cap) and what it does not expect.
 */
final class SoakStats {
    private static final int MAX_KINDS = 60;

    final LongAdder transfersAcknowledged = new LongAdder();
    final LongAdder transferErrs = new LongAdder();
    final LongAdder chatAcknowledgedWs = new LongAdder();
    final LongAdder chatAcknowledgedHttp = new LongAdder();
    final LongAdder httpTransfers = new LongAdder();
    final LongAdder sqlReads = new LongAdder();
    final LongAdder unknownOutcome = new LongAdder();
    final LongAdder subscriberUpdates = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder stalledCalls = new LongAdder();
    private final Map<String, LongAdder> expected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unexpected = new ConcurrentHashMap<>();

    /** An event the soak provokes on purpose (a refused connection, a call cut off by a kill). */
    void expected(String kind) {
        count(expected, kind);
    }

    /** An event the soak does not provoke: listed in the report, and a failure where the report says so. */
    void unexpected(String kind) {
        count(unexpected, kind);
    }

    /** Calls acknowledged so far over WebSocket (transfers and chat): progress that shows the server serves. */
    long wsAcknowledged() {
        return transfersAcknowledged.sum() + chatAcknowledgedWs.sum();
    }

    Map<String, Long> expectedKinds() {
        return sorted(expected);
    }

    Map<String, Long> unexpectedKinds() {
        return sorted(unexpected);
    }

    private static void count(Map<String, LongAdder> m, String kind) {
        LongAdder a = m.get(kind);
        if (a == null) {
            a = m.size() < MAX_KINDS ? m.computeIfAbsent(kind, k -> new LongAdder())
                    : m.computeIfAbsent("(other kinds)", k -> new LongAdder());
        }
        a.increment();
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
