package dev.lightcone.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The acknowledged-call ledger. Every chat call carries a marker no other call carries (its message text); the ledger
 * records each marker issued, each whose durable success reply arrived (acknowledged) and each a confirmed subscriber
 * saw committed (observed). {@link #check} compares a snapshot with the rows the server holds: an acknowledged or
 * observed marker missing is lost, any marker held twice is duplicated, a marker never issued is unknown.
 */
final class Ledger {
    /** The markers known at one moment; taken before the server's rows are read, so every one must be there. */
    record Snapshot(Set<String> acknowledged, Set<String> observed) {
    }

    /** What one comparison found. Lists are capped at {@value #SHOWN} examples; the counts are exact. */
    record Check(int acknowledged, int observed, int present, int lost, int lostObserved, int duplicated,
            int unknown, List<String> examples) {
        boolean clean() {
            return lost == 0 && lostObserved == 0 && duplicated == 0 && unknown == 0;
        }
    }

    private static final int SHOWN = 10;

    private final String run;
    private final AtomicLong next = new AtomicLong();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> observed = ConcurrentHashMap.newKeySet();

    /** A ledger whose markers start with {@code run} (so markers of two runs never meet). */
    Ledger(String run) {
        this.run = run;
    }

    /** A new marker for a call from {@code source} (e.g. {@code ws1}, {@code http0}), recorded as issued. */
    String issue(String source) {
        String marker = run + "-" + source + "-" + next.incrementAndGet();
        issued.add(marker);
        return marker;
    }

    /** The call carrying {@code marker} got its durable success reply. */
    void acknowledge(String marker) {
        acknowledged.add(marker);
    }

    /** A confirmed subscriber received the row carrying {@code marker} as committed. */
    void observe(String marker) {
        if (marker.startsWith(run + "-")) {
            observed.add(marker);
        }
    }

    int issuedCount() {
        return issued.size();
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    int observedCount() {
        return observed.size();
    }

    Snapshot snapshot() {
        return new Snapshot(Set.copyOf(acknowledged), Set.copyOf(observed));
    }

    /** Compares {@code s} with {@code held}: how many rows the server holds per marker. */
    Check check(Snapshot s, Map<String, Integer> held) {
        List<String> examples = new ArrayList<>();
        int lost = 0;
        int present = 0;
        for (String m : s.acknowledged()) {
            if (held.containsKey(m)) {
                present++;
            } else if (lost++ < SHOWN) {
                examples.add("lost (acknowledged): " + m);
            }
        }
        int lostObserved = 0;
        for (String m : s.observed()) {
            if (!held.containsKey(m) && lostObserved++ < SHOWN) {
                examples.add("lost (seen by a confirmed subscriber): " + m);
            }
        }
        int duplicated = 0;
        int unknown = 0;
        for (Map.Entry<String, Integer> e : new TreeMap<>(held).entrySet()) {
            if (e.getValue() > 1 && duplicated++ < SHOWN) {
                examples.add("duplicated x" + e.getValue() + ": " + e.getKey());
            }
            if (!issued.contains(e.getKey()) && unknown++ < SHOWN) {
                examples.add("never sent: " + e.getKey());
            }
        }
        return new Check(s.acknowledged().size(), s.observed().size(), present, lost, lostObserved, duplicated,
                unknown, List.copyOf(examples));
    }
}
