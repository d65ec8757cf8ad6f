package dev.lightcone.bench.soak;

import java.util.List;
import java.util.Map;

/**
 * What a soak run did and found. It passed when nothing acknowledged was lost or duplicated, the bank's total held at
 * every check, the server always came back and kept answering, and no call stalled; {@link #failures} says otherwise.
 *
 * @param seconds        how long the run took
 * @param seed           the seed (rerun with it to repeat the kill moments and the operations)
 * @param kills          SIGKILLs sent
 * @param restartMillis  how long each restart took until {@code /v1/ping} answered
 * @param verifications  every check of the ledger and the bank (after each restart, and at the end)
 * @param floods         every connection flood
 * @param slowConsumer   how each slow consumer ended, by kind
 * @param counts         calls and events counted during the run
 * @param expected       events the soak provokes on purpose, by kind
 * @param unexpected     events it does not provoke, by kind
 * @param failures       why the run failed; empty when it passed
 * @param logFile        the server's output
 */
public record SoakReport(double seconds, long seed, int kills, List<Long> restartMillis,
        List<Verification> verifications, List<Flood> floods, Map<String, Integer> slowConsumer,
        Map<String, Long> counts, Map<String, Long> expected, Map<String, Long> unexpected, List<String> failures,
        String logFile) {

    /** One check: the ledger's markers against the chat's rows, and the bank's total. */
    public record Verification(String when, int acknowledged, int observed, int lost, int lostObserved,
            int duplicated, int unknown, long accounts, long balance, boolean conserved, long millis,
            List<String> examples) {
        /** Nothing lost, duplicated or unknown, and the bank's money conserved. */
        public boolean clean() {
            return lost == 0 && lostObserved == 0 && duplicated == 0 && unknown == 0 && conserved;
        }
    }

    /**
     * One flood: idle connections opened, how many the server refused with 503, the WebSocket burst, and the
     * WebSocket calls acknowledged to the clients already connected while it lasted.
     */
    public record Flood(int opened, int refused, int wsAttempts, int wsRefused, long servedDuring,
            List<String> other) {
    }

    /** Copies the collections. */
    public SoakReport {
        restartMillis = List.copyOf(restartMillis);
        verifications = List.copyOf(verifications);
        floods = List.copyOf(floods);
        slowConsumer = Map.copyOf(slowConsumer);
        counts = Map.copyOf(counts);
        expected = Map.copyOf(expected);
        unexpected = Map.copyOf(unexpected);
        failures = List.copyOf(failures);
    }

    /** True when the run found no failure. */
    public boolean passed() {
        return failures.isEmpty();
    }

    /** Acknowledged calls lost, over every check. */
    public int lost() {
        return verifications.stream().mapToInt(v -> v.lost() + v.lostObserved()).sum();
    }

    /** Markers found more than once, over every check. */
    public int duplicated() {
        return verifications.stream().mapToInt(Verification::duplicated).sum();
    }

    /** Connections the server refused at its cap during floods (idle TCP and WebSocket opens). */
    public int refusedConnections() {
        return floods.stream().mapToInt(f -> f.refused() + f.wsRefused()).sum();
    }

    /** The report as text, one fact a line. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("soak report: %s after %.0f s (seed %d)%n", passed() ? "PASSED" : "FAILED", seconds,
                seed));
        b.append(String.format("  kills: %d, restarts: %d (to /v1/ping: %s ms)%n", kills, restartMillis.size(),
                restartMillis));
        b.append(String.format("  calls acknowledged: %,d transfers over WebSocket, %,d over HTTP; %,d chat markers "
                        + "over WebSocket, %,d over HTTP%n", counts.getOrDefault("transfers acknowledged (WebSocket)", 0L),
                counts.getOrDefault("transfers acknowledged (HTTP)", 0L),
                counts.getOrDefault("chat acknowledged (WebSocket)", 0L),
                counts.getOrDefault("chat acknowledged (HTTP)", 0L)));
        new java.util.TreeMap<>(counts).forEach((k, v) -> {
            if (!k.contains("acknowledged (")) {
                b.append(String.format("  %s: %,d%n", k, v));
            }
        });
        Verification last = verifications.isEmpty() ? null : verifications.get(verifications.size() - 1);
        b.append(String.format("  verifications: %d; acknowledged markers verified at the end: %,d (+%,d seen by "
                        + "subscribers); lost: %d, duplicated: %d; bank total conserved at every check: %s%n",
                verifications.size(), last == null ? 0 : last.acknowledged(), last == null ? 0 : last.observed(),
                lost(), duplicated(), verifications.stream().allMatch(Verification::conserved) ? "yes" : "NO"));
        for (Verification v : verifications) {
            b.append(String.format("    %-22s %,8d acknowledged %,8d observed  lost %d/%d  duplicated %d  unknown %d  "
                            + "bank %,d accounts %,d total%s  (%d ms)%n", v.when(), v.acknowledged(), v.observed(),
                    v.lost(), v.lostObserved(), v.duplicated(), v.unknown(), v.accounts(), v.balance(),
                    v.conserved() ? "" : " NOT CONSERVED", v.millis()));
            v.examples().forEach(e -> b.append("      ").append(e).append('\n'));
        }
        b.append(String.format("  floods: %d; refused connections: %d%n", floods.size(), refusedConnections()));
        for (Flood f : floods) {
            b.append(String.format("    %d idle connections opened, %d refused with 503; %d WebSocket opens, %d refused%s; "
                    + "%,d WebSocket calls acknowledged to others meanwhile%s%n", f.opened(), f.refused(),
                    f.wsAttempts(), f.wsRefused(), f.wsRefused() < f.wsAttempts()
                            ? " (the others took slots other connections freed meanwhile)" : "",
                    f.servedDuring(), f.other().isEmpty() ? "" : "; " + f.other()));
        }
        b.append("  slow consumers: ").append(slowConsumer.isEmpty() ? "none finished" : "").append('\n');
        slowConsumer.forEach((k, v) -> b.append(String.format("    %dx %s%n", v, k)));
        b.append("  expected events (provoked):").append(expected.isEmpty() ? " none" : "").append('\n');
        new java.util.TreeMap<>(expected).forEach((k, v) -> b.append(String.format("    %,d x %s%n", v, k)));
        b.append("  unexpected events:").append(unexpected.isEmpty() ? " none" : "").append('\n');
        new java.util.TreeMap<>(unexpected).forEach((k, v) -> b.append(String.format("    %,d x %s%n", v, k)));
        b.append("  failures:").append(failures.isEmpty() ? " none" : "").append('\n');
        failures.forEach(f -> b.append("    ").append(f.replace("\n", "\n      ")).append('\n'));
        b.append("  server log: ").append(logFile).append('\n');
        return b.toString();
    }
}
