package dev.lightcone.testing;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.ScheduleAt;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.moduledef.CaseConversion;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts plain Java values to SATS values of a known type, so tests can write
 * {@code db.call("transfer", 1, 2, 100L)}. Numbers, strings, booleans, {@code byte[]}, lists,
 * {@link Optional} (or null for None), maps keyed by field name for products, the special types
 * ({@link Identity}, {@link ConnectionId}, {@link Timestamp}, {@link TimeDuration}, {@link ScheduleAt}),
 * enum variants by name (the module's spelling or the canonical camelCase one)
 * and {@link AlgebraicValue}s as they are.
 */
public final class JavaValues {
    private JavaValues() {
    }

    /** Converts {@code value} to a SATS value of {@code type}. */
    public static AlgebraicValue toValue(AlgebraicType type, Object value, Typespace ts) {
        if (value instanceof AlgebraicValue v) {
            return v;
        }
        AlgebraicType t = type instanceof TypeRef r ? ts.resolve(r) : type;
        if (t instanceof PrimitiveType p) {
            return primitive(p, value);
        }
        if (t instanceof SumType s) {
            return sum(s, value, ts);
        }
        if (t instanceof ArrayType a) {
            if (a.isBytes() && value instanceof byte[] b) {
                return new AlgebraicValue.Bytes(b);
            }
            if (!(value instanceof List<?> list)) {
                throw mismatch(t, value);
            }
            List<AlgebraicValue> out = new ArrayList<>();
            for (Object o : list) {
                out.add(toValue(a.elementType(), o, ts));
            }
            return new AlgebraicValue.Array(out);
        }
        return product((ProductType) t, value, ts);
    }

    /** Converts positional arguments to the product of a function's parameters. */
    public static AlgebraicValue.Product arguments(ProductType params, Object[] args, Typespace ts) {
        if (args.length != params.size()) {
            throw new IllegalArgumentException("expected " + params.size() + " arguments, got " + args.length);
        }
        List<AlgebraicValue> fields = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            fields.add(toValue(params.typeAt(i), args[i], ts));
        }
        return new AlgebraicValue.Product(fields);
    }

    private static AlgebraicValue product(ProductType p, Object value, Typespace ts) {
        if (value instanceof Identity id && SpecialTypes.isIdentity(p)) {
            return id.toValue();
        }
        if (value instanceof ConnectionId c && SpecialTypes.isConnectionId(p)) {
            return AlgebraicValue.product(new AlgebraicValue.Big(new BigInteger(1, reverse(c.toLittleEndian()))));
        }
        if (value instanceof Timestamp t && SpecialTypes.isTimestamp(p)) {
            return AlgebraicValue.product(AlgebraicValue.integer(t.micros()));
        }
        if (value instanceof TimeDuration d && SpecialTypes.isTimeDuration(p)) {
            return AlgebraicValue.product(AlgebraicValue.integer(d.micros()));
        }
        if (value instanceof Map<?, ?> map) {
            List<AlgebraicValue> fields = new ArrayList<>();
            for (ProductType.Element e : p.elements()) {
                String name = e.name().orElseThrow(() -> new IllegalArgumentException("unnamed field in " + p));
                if (!map.containsKey(name)) {
                    throw new IllegalArgumentException("missing field `" + name + "`");
                }
                fields.add(toValue(e.type(), map.get(name), ts));
            }
            return new AlgebraicValue.Product(fields);
        }
        if (value instanceof List<?> list && list.size() == p.size()) {
            return arguments(p, list.toArray(), ts);
        }
        throw mismatch(p, value);
    }

    private static AlgebraicValue sum(SumType s, Object value, Typespace ts) {
        if (value instanceof ScheduleAt at && SpecialTypes.isScheduleAt(s)) {
            return at.toValue();
        }
        if (s.isOption()) {
            if (value == null) {
                return AlgebraicValue.Sum.none();
            }
            if (value instanceof Optional<?> o) {
                return o.isEmpty() ? AlgebraicValue.Sum.none()
                        : AlgebraicValue.Sum.some(toValue(s.variants().get(0).type(), o.get(), ts));
            }
            return AlgebraicValue.Sum.some(toValue(s.variants().get(0).type(), value, ts));
        }
        if (value instanceof String name && s.isSimpleEnum()) {
            int tag = s.indexOf(name);
            if (tag < 0) {
                // Validation converts variant names to camelCase; accept the Rust spelling too.
                tag = s.indexOf(CaseConversion.toCamelCase(name));
            }
            if (tag < 0) {
                throw new IllegalArgumentException("no variant `" + name + "` in " + s);
            }
            return AlgebraicValue.Sum.unit(tag);
        }
        throw mismatch(s, value);
    }

    private static AlgebraicValue primitive(PrimitiveType p, Object value) {
        switch (p) {
            case BOOL -> {
                if (value instanceof Boolean b) {
                    return AlgebraicValue.Bool.of(b);
                }
            }
            case STRING -> {
                if (value instanceof String s) {
                    return new AlgebraicValue.Str(s);
                }
            }
            case F32 -> {
                if (value instanceof Number n) {
                    return new AlgebraicValue.F32(n.floatValue());
                }
            }
            case F64 -> {
                if (value instanceof Number n) {
                    return new AlgebraicValue.F64(n.doubleValue());
                }
            }
            default -> {
                if (value instanceof BigInteger b) {
                    return p.fitsInLong() ? new AlgebraicValue.Int(b.longValue()) : new AlgebraicValue.Big(b);
                }
                if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
                    return p.fitsInLong() ? new AlgebraicValue.Int(n.longValue())
                            : new AlgebraicValue.Big(BigInteger.valueOf(n.longValue()));
                }
            }
        }
        throw mismatch(p, value);
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static IllegalArgumentException mismatch(AlgebraicType t, Object value) {
        return new IllegalArgumentException("cannot use " + value + " (" + (value == null ? "null"
                : value.getClass().getSimpleName()) + ") as " + t);
    }
}
