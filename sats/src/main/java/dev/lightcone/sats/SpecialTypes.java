package dev.lightcone.sats;

/**
 * The conventional SATS types that are recognised by shape (module-abi §7.2): {@code Identity},
 * {@code ConnectionId}, {@code Timestamp}, {@code TimeDuration}, {@code Uuid}, {@code ScheduleAt}.
 */
public final class SpecialTypes {
    private SpecialTypes() {
    }

    public static final String IDENTITY_FIELD = "__identity__";
    public static final String CONNECTION_ID_FIELD = "__connection_id__";
    public static final String TIMESTAMP_FIELD = "__timestamp_micros_since_unix_epoch__";
    public static final String TIME_DURATION_FIELD = "__time_duration_micros__";
    public static final String UUID_FIELD = "__uuid__";

    public static final ProductType IDENTITY = ProductType.of(IDENTITY_FIELD, PrimitiveType.U256);
    public static final ProductType CONNECTION_ID = ProductType.of(CONNECTION_ID_FIELD, PrimitiveType.U128);
    public static final ProductType TIMESTAMP = ProductType.of(TIMESTAMP_FIELD, PrimitiveType.I64);
    public static final ProductType TIME_DURATION = ProductType.of(TIME_DURATION_FIELD, PrimitiveType.I64);
    public static final ProductType UUID = ProductType.of(UUID_FIELD, PrimitiveType.U128);
    /** {@code ScheduleAt}: Interval(TimeDuration) = tag 0, Time(Timestamp) = tag 1. */
    public static final SumType SCHEDULE_AT = SumType.of("Interval", TIME_DURATION, "Time", TIMESTAMP);

    public static boolean isIdentity(AlgebraicType t) {
        return t instanceof ProductType p && p.isSpecial(IDENTITY_FIELD, PrimitiveType.U256);
    }

    public static boolean isConnectionId(AlgebraicType t) {
        return t instanceof ProductType p && p.isSpecial(CONNECTION_ID_FIELD, PrimitiveType.U128);
    }

    public static boolean isTimestamp(AlgebraicType t) {
        return t instanceof ProductType p && p.isSpecial(TIMESTAMP_FIELD, PrimitiveType.I64);
    }

    public static boolean isTimeDuration(AlgebraicType t) {
        return t instanceof ProductType p && p.isSpecial(TIME_DURATION_FIELD, PrimitiveType.I64);
    }

    public static boolean isUuid(AlgebraicType t) {
        return t instanceof ProductType p && p.isSpecial(UUID_FIELD, PrimitiveType.U128);
    }

    public static boolean isScheduleAt(AlgebraicType t) {
        return t instanceof SumType s && s.size() == 2
                && s.variants().get(0).name().filter("Interval"::equals).isPresent()
                && isTimeDuration(s.variants().get(0).type())
                && s.variants().get(1).name().filter("Time"::equals).isPresent()
                && isTimestamp(s.variants().get(1).type());
    }

    /** True for any of the special products or {@code ScheduleAt}; these are exempt from renaming. */
    public static boolean isSpecial(AlgebraicType t) {
        return isIdentity(t) || isConnectionId(t) || isTimestamp(t) || isTimeDuration(t) || isUuid(t)
                || isScheduleAt(t) || (t instanceof SumType s && s.isOption());
    }
}
