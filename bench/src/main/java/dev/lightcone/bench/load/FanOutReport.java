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
 */
public record FanOutReport(int subscribers, String query, int accounts, boolean confirmed, double subscribeSeconds,
        Histogram perUpdate, Histogram allServed, double seconds, int window, long committed, long expected,
        long delivered, long failed, long unexpected) {

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
        b.append(String.format("- failed calls %d, unexpected messages %d%n", failed, unexpected));
        return b.toString();
    }
}
