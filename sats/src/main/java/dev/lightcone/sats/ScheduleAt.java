package dev.lightcone.sats;

/** When a scheduled row fires: after an interval (repeating) or at a point in time (once). */
public sealed interface ScheduleAt {
    /** Tag 0: fire every {@code interval}, first one interval after arming. */
    record Interval(TimeDuration interval) implements ScheduleAt {
    }

    /** Tag 1: fire once at {@code time} (immediately if it has passed). */
    record Time(Timestamp time) implements ScheduleAt {
    }

    /** Reads the BSATN form {@code 00 <i64>} or {@code 01 <i64>}. */
    static ScheduleAt fromValue(AlgebraicValue v) {
        if (v instanceof AlgebraicValue.Sum s && s.value() instanceof AlgebraicValue.Product p
                && p.size() == 1 && p.field(0) instanceof AlgebraicValue.Int micros) {
            return switch (s.tag()) {
                case 0 -> new Interval(new TimeDuration(micros.value()));
                case 1 -> new Time(new Timestamp(micros.value()));
                default -> throw new IllegalArgumentException("ScheduleAt tag " + s.tag());
            };
        }
        throw new IllegalArgumentException("not a ScheduleAt value: " + v);
    }

    /** The SATS value of this schedule. */
    default AlgebraicValue toValue() {
        if (this instanceof Interval i) {
            return new AlgebraicValue.Sum(0, AlgebraicValue.product(AlgebraicValue.integer(i.interval().micros())));
        }
        return new AlgebraicValue.Sum(1, AlgebraicValue.product(AlgebraicValue.integer(((Time) this).time().micros())));
    }
}
