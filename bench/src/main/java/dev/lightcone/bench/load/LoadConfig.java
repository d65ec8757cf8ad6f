package dev.lightcone.bench.load;

/**
 * The shape of one load run: the bank's size and the call pattern.
 *
 * @param accounts       accounts seeded ({@code seed(accounts)}) and drawn from
 * @param connections    WebSocket connections
 * @param inFlight       {@code transfer} calls each connection keeps waiting for their {@code ReducerResult}
 * @param zipfAlpha      exponent of the Zipf distribution accounts are drawn with (0: uniform)
 * @param confirmed      the {@code confirmed} query parameter: results only once durable
 * @param warmupSeconds  seconds of load whose results are discarded
 * @param durationSeconds seconds measured after the warm-up
 * @param rate           total calls per second across all connections, paced; 0 for as fast as the replies allow
 * @param timeoutSeconds how long a call may wait for its result before it counts as timed out (also bounds the
 *                       final drain)
 * @param seed           seed of the random account draws (connection {@code i} uses {@code seed + i})
 * @param clientThreads  event-loop threads of the generator's WebSocket clients
 */
public record LoadConfig(int accounts, int connections, int inFlight, double zipfAlpha, boolean confirmed,
        int warmupSeconds, int durationSeconds, double rate, int timeoutSeconds, long seed, int clientThreads) {

    /** The defaults of {@code LoadBench}: 100,000 accounts, 64 connections × 40 in flight, uniform, confirmed. */
    public static LoadConfig defaults() {
        return new LoadConfig(100_000, 64, 40, 0, true, 5, 10, 0, 10, 42, 2);
    }

    /** Checks the ranges. */
    public LoadConfig {
        if (accounts < 2) {
            throw new IllegalArgumentException("need at least 2 accounts, got " + accounts);
        }
        if (connections < 1 || inFlight < 1 || clientThreads < 1) {
            throw new IllegalArgumentException("connections, in-flight and client threads must be positive");
        }
        if (warmupSeconds < 0 || durationSeconds < 1 || timeoutSeconds < 1) {
            throw new IllegalArgumentException("need warmup >= 0, duration >= 1 and timeout >= 1 seconds");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be finite and >= 0, got " + rate);
        }
        new ZipfSampler(2, zipfAlpha); // validates alpha
    }

    /** One line describing the run. */
    public String describe() {
        return String.format("%d accounts, %d connections x %d in flight, zipf %s, confirmed=%s, %s, warm-up %d s, "
                        + "measured %d s", accounts, connections, inFlight, zipfAlpha, confirmed,
                rate > 0 ? String.format("paced at %.0f calls/s", rate) : "unpaced", warmupSeconds, durationSeconds);
    }
}
