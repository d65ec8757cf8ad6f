package dev.lightcone.sats;

import java.time.Duration;

/** A signed duration in microseconds, as SATS {@code TimeDuration} carries it. */
public record TimeDuration(long micros) {
    public static TimeDuration ofMillis(long millis) {
        return new TimeDuration(Math.multiplyExact(millis, 1_000L));
    }

    public static TimeDuration of(Duration d) {
        return new TimeDuration(Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000));
    }

    public Duration toDuration() {
        return Duration.ofNanos(Math.multiplyExact(micros, 1_000L));
    }
}
