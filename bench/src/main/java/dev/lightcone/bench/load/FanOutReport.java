package dev.lightcone.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one fan-out run measured.
 *
 * @param subscribers      subscriber connections
 * @param query            what each subscribed to
 * @param accounts         accounts seeded
 * @param confirmed        updates only once durable
 * @param subscribeSeconds from the first connect until every subscription was applied
 * @param perUpdate        send → subscriber receipt of each update in the sequential phase, µs
 * @param allServed        send → the last of the subscribers and the caller served, per sequential call, µs
 * @param seconds          length of the throughput phase until every update was delivered
 * @param window           calls in flight in the throughput phase
 * @param committed        transfers committed in the throughput phase
 * @param expected         updates due in the throughput phase ({@code committed × subscribers})
 * @param delivered        updates received in the throughput phase
 * @param failed           calls that did not commit (both phases)
 * @param unexpected       server messages of a kind a subscriber did not expect
 * @param cpuNanos         CPU time the whole process (server and clients) used in the throughput phase, -1 unknown
 * @param clientCpuNanos   of which the clients' event-loop threads used
 */
public record FanOutReport(int subscribers, String query, int accounts, boolean confirmed, double subscribeSeconds,
        Histogram perUpdate, Histogram allServed, double seconds, int window, long committed, long expected,
        long delivered, long failed, long unexpected, long cpuNanos, long clientCpuNanos) {

    /** Every update arrived exactly once, every call committed, nothing unexpected came. */
    public boolean ok() {
        return delivered == expected && failed == 0 && unexpected == 0;
    }

    /** The report as a Markdown section. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("### Fan-out: %,d subscribers to `%s` (%,d accounts), confirmed=%s%n%n", subscribers,
                query, accounts, confirmed));
        b.append(String.format("- subscribe (all %,d applied): %.2f s%n", subscribers, subscribeSeconds));
        b.append(String.format("- sequential calls (%,d measured), send → each subscriber's update, µs: p50 %,d, "
                        + "p90 %,d, p99 %,d, p99.9 %,d, max %,d%n", allServed.getTotalCount(),
                perUpdate.getValueAtPercentile(50), perUpdate.getValueAtPercentile(90),
                perUpdate.getValueAtPercentile(99), perUpdate.getValueAtPercentile(99.9), perUpdate.getMaxValue()));
        b.append(String.format("- sequential calls, send → last subscriber (or the caller) served, µs: p50 %,d, "
                        + "p99 %,d, max %,d%n", allServed.getValueAtPercentile(50), allServed.getValueAtPercentile(99),
                allServed.getMaxValue()));
        b.append(String.format("- throughput (%d in flight, %.1f s): %,d transfers (%,.0f/s), %,d of %,d updates "
                        + "delivered (%,.0f/s)%n", window, seconds, committed, committed / seconds, delivered,
                expected, delivered / seconds));
        if (cpuNanos > 0 && delivered > 0) {
            // CPU per update does not depend on what else the machine runs, unlike updates per second.
            b.append(String.format("- CPU in the throughput phase: %.1f s, %.2f µs per delivered update (server %.2f, "
                            + "clients %.2f)%n", cpuNanos / 1e9, cpuNanos / 1e3 / delivered,
                    (cpuNanos - clientCpuNanos) / 1e3 / delivered, clientCpuNanos / 1e3 / delivered));
        }
        b.append(String.format("- failed calls %d, unexpected messages %d%n", failed, unexpected));
        return b.toString();
    }
}
