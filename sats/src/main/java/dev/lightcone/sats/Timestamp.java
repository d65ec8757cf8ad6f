package dev.lightcone.sats;

import java.time.Instant;

/** Microseconds since the Unix epoch (UTC), as SATS {@code Timestamp} carries them. */
public record Timestamp(long micros) implements Comparable<Timestamp> {

    public static final Timestamp UNIX_EPOCH = new Timestamp(0);

    public static Timestamp ofInstant(Instant instant) {
        return new Timestamp(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1_000));
    }

    public Instant toInstant() {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    public Timestamp plus(TimeDuration d) {
        return new Timestamp(Math.addExact(micros, d.micros()));
    }

    @Override
    public int compareTo(Timestamp o) {
        return Long.compare(micros, o.micros);
    }

    /** RFC 3339 text with microsecond precision. */
    @Override
    public String toString() {
        return toInstant().toString();
    }
}
