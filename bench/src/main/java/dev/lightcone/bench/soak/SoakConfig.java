package dev.lightcone.bench.soak;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * What one soak run does.
 *
 * @param duration            how long the load runs (the run goes on past it until every {@code kills} kill is done)
 * @param killEverySeconds    mean seconds between two SIGKILLs (each interval drawn uniformly in [0.5, 1.5] x mean)
 * @param kills               when present: exactly this many kills, spread over the run (instead of the mean)
 * @param seed                seed of every random choice of the soak (kill moments, accounts, operations)
 * @param accounts            bank accounts (each starts with 1000)
 * @param transferConnections WebSocket connections calling {@code transfer}
 * @param inFlight            calls each WebSocket caller keeps waiting for their result
 * @param chatConnections     WebSocket connections calling chat's {@code send_message} with unique markers
 * @param chatRate            chat calls per second over all chat connections (0: as fast as results come)
 * @param httpWorkers         threads doing HTTP calls ({@code send_message}, {@code transfer}) and SQL reads
 * @param subscribers         WebSocket subscribers of the chat's {@code message} table
 * @param maxConnections      the server's connection cap ({@code lightcone start --max-connections})
 * @param floodEverySeconds   seconds between two connection floods (0: no flood)
 * @param floodExtra          idle TCP connections opened beyond the cap in a flood
 * @param slowConsumer        run the never-reading subscriber
 * @param slowStarveSeconds   how long the slow consumer reads nothing before it reads what is left
 * @param restartTimeout      how long a (re)started server may take to answer {@code /v1/ping}
 * @param callTimeout         a call unanswered this long on an open connection counts as a stall (a failure)
 */
public record SoakConfig(Duration duration, double killEverySeconds, OptionalInt kills, long seed, int accounts,
        int transferConnections, int inFlight, int chatConnections, double chatRate, int httpWorkers, int subscribers,
        int maxConnections, int floodEverySeconds, int floodExtra, boolean slowConsumer, int slowStarveSeconds,
        Duration restartTimeout, Duration callTimeout) {

    /** Checks the values. */
    public SoakConfig {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the soak needs a positive duration, got " + duration);
        }
        if (killEverySeconds <= 0 && kills.isEmpty()) {
            throw new IllegalArgumentException("--kill-every must be positive, got " + killEverySeconds);
        }
        if (accounts < 2) {
            throw new IllegalArgumentException("--accounts must be at least 2 (a transfer needs two), got " + accounts);
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("--in-flight must be at least 1, got " + inFlight);
        }
        if (maxConnections < 16) {
            throw new IllegalArgumentException("--max-connections must be at least 16 (the soak's own clients need "
                    + "room), got " + maxConnections);
        }
        if (transferConnections < 0 || chatConnections < 0 || httpWorkers < 0 || subscribers < 0 || floodExtra < 0
                || floodEverySeconds < 0 || slowStarveSeconds < 0 || chatRate < 0) {
            throw new IllegalArgumentException("counts, rates and intervals must not be negative");
        }
    }

    /** Sane defaults for {@code duration}, as {@code bin/bench soak} uses them. */
    public static SoakConfig defaults(Duration duration, long seed) {
        return new SoakConfig(duration, 30, OptionalInt.empty(), seed, 10_000, 4, 16, 2, 200, 2, 3, 256, 60, 64, true,
                10, Duration.ofMinutes(3), Duration.ofSeconds(60));
    }
}
