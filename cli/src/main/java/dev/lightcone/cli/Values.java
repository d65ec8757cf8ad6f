package dev.lightcone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.Typespace;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Renders SATS values for people: as table cells ({@link #text}) and as friendly JSON ({@link #json}). Identities
 * and connection ids are {@code 0x…} hex, timestamps RFC 3339, durations {@code +S.ffffff} seconds, UUIDs in their
 * usual form, byte arrays hex, strings quoted (in text), options {@code (some = …)}/{@code (none)} in text and the
 * value or {@code null} in JSON, other sums {@code (variant = …)} in text and {@code {"variant": …}} in JSON.
 */
public final class Values {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final BigInteger U64_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Values() {
    }

    /** {@code value} of {@code type} as a table cell. */
    public static String text(AlgebraicType type, AlgebraicValue value, Typespace ts) {
        return render(type, value, ts, Values::textOf);
    }

    /** {@code value} of {@code type} as JSON. */
    public static JsonNode json(AlgebraicType type, AlgebraicValue value, Typespace ts) {
        return render(type, value, ts, Values::jsonOf);
    }

    /** A value with its (resolved) type, and the typespace to resolve inner references with. */
    private record Node(AlgebraicType type, AlgebraicValue value, Typespace ts) {
    }

    private static <T> T render(AlgebraicType type, AlgebraicValue value, Typespace ts, Function<Node, T> shape) {
        AlgebraicType t = type;
        while (t instanceof TypeRef r) {
            t = ts.get(r.index());
        }
        return shape.apply(new Node(t, value, ts));
    }

    /** The special types' text (the same in both renderings), or null for an ordinary type. */
    private static String special(AlgebraicType t, AlgebraicValue v) {
        if (SpecialTypes.isIdentity(t)) {
            return "0x" + hex(field0(v), 64);
        }
        if (SpecialTypes.isConnectionId(t)) {
            return "0x" + hex(field0(v), 32);
        }
        if (SpecialTypes.isTimestamp(t)) {
            return new Timestamp(field0(v).longValue()).toString();
        }
        if (SpecialTypes.isTimeDuration(t)) {
            return duration(new TimeDuration(field0(v).longValue()));
        }
        if (SpecialTypes.isUuid(t)) {
            BigInteger u = field0(v);
            return new UUID(u.shiftRight(64).longValue(), u.longValue()).toString();
        }
        return null;
    }

    private static BigInteger field0(AlgebraicValue v) {
        return integer(((AlgebraicValue.Product) v).field(0), false);
    }

    private static BigInteger integer(AlgebraicValue v, boolean unsigned64) {
        if (v instanceof AlgebraicValue.Big b) {
            return b.value();
        }
        long l = ((AlgebraicValue.Int) v).value();
        return unsigned64 && l < 0 ? BigInteger.valueOf(l).and(U64_MASK) : BigInteger.valueOf(l);
    }

    private static String hex(BigInteger n, int digits) {
        String h = n.signum() < 0 ? n.add(BigInteger.ONE.shiftLeft(digits * 4)).toString(16) : n.toString(16);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    /** A duration as SpacetimeDB prints one: sign, seconds, six fractional digits. */
    static String duration(TimeDuration d) {
        long m = d.micros();
        String sign = m < 0 ? "-" : "+";
        long abs = Math.abs(m);
        return sign + abs / 1_000_000 + "." + String.format("%06d", abs % 1_000_000);
    }

    private static String quote(String s) {
        return F.textNode(s).toString();
    }

    private static String primitiveText(PrimitiveType p, AlgebraicValue v) {
        return switch (p) {
            case BOOL -> Boolean.toString(((AlgebraicValue.Bool) v).value());
            case STRING -> quote(((AlgebraicValue.Str) v).value());
            case F32 -> Float.toString(((AlgebraicValue.F32) v).value());
            case F64 -> Double.toString(((AlgebraicValue.F64) v).value());
            default -> integer(v, p == PrimitiveType.U64).toString();
        };
    }

    private static String textOf(Node n) {
        String special = special(n.type, n.value);
        if (special != null) {
            return special;
        }
        if (n.type instanceof PrimitiveType p) {
            return primitiveText(p, n.value);
        }
        if (n.type instanceof ArrayType a) {
            if (n.value instanceof AlgebraicValue.Bytes b) {
                return "0x" + HexFormat.of().formatHex(b.value());
            }
            List<AlgebraicValue> es = ((AlgebraicValue.Array) n.value).elements();
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < es.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(text(a.elementType(), es.get(i), n.ts));
            }
            return sb.append(']').toString();
        }
        if (n.type instanceof ProductType p) {
            AlgebraicValue.Product pv = (AlgebraicValue.Product) n.value;
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < p.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(p.elements().get(i).name().orElse(Integer.toString(i)))
                        .append(" = ").append(text(p.typeAt(i), pv.field(i), n.ts));
            }
            return sb.append(')').toString();
        }
        SumType s = (SumType) n.type;
        AlgebraicValue.Sum sv = (AlgebraicValue.Sum) n.value;
        SumType.Variant variant = s.variants().get(sv.tag());
        String name = variant.name().orElse(Integer.toString(sv.tag()));
        if (variant.type() instanceof ProductType p && p.size() == 0) {
            return "(" + name + ")";
        }
        return "(" + name + " = " + text(variant.type(), sv.value(), n.ts) + ")";
    }

    private static JsonNode jsonOf(Node n) {
        String special = special(n.type, n.value);
        if (special != null) {
            return F.textNode(special);
        }
        if (n.type instanceof PrimitiveType p) {
            AlgebraicValue v = n.value;
            return switch (p) {
                case BOOL -> F.booleanNode(((AlgebraicValue.Bool) v).value());
                case STRING -> F.textNode(((AlgebraicValue.Str) v).value());
                case F32 -> F.numberNode(((AlgebraicValue.F32) v).value());
                case F64 -> F.numberNode(((AlgebraicValue.F64) v).value());
                default -> F.numberNode(integer(v, p == PrimitiveType.U64));
            };
        }
        if (n.type instanceof ArrayType a) {
            if (n.value instanceof AlgebraicValue.Bytes b) {
                return F.textNode("0x" + HexFormat.of().formatHex(b.value()));
            }
            ArrayNode out = F.arrayNode();
            for (AlgebraicValue e : ((AlgebraicValue.Array) n.value).elements()) {
                out.add(json(a.elementType(), e, n.ts));
            }
            return out;
        }
        if (n.type instanceof ProductType p) {
            AlgebraicValue.Product pv = (AlgebraicValue.Product) n.value;
            ObjectNode out = F.objectNode();
            for (int i = 0; i < p.size(); i++) {
                out.set(p.elements().get(i).name().orElse(Integer.toString(i)), json(p.typeAt(i), pv.field(i), n.ts));
            }
            return out;
        }
        SumType s = (SumType) n.type;
        AlgebraicValue.Sum sv = (AlgebraicValue.Sum) n.value;
        if (s.isOption()) {
            return sv.tag() == 0 ? json(s.variants().get(0).type(), sv.value(), n.ts) : F.nullNode();
        }
        SumType.Variant variant = s.variants().get(sv.tag());
        ObjectNode out = F.objectNode();
        out.set(variant.name().orElse(Integer.toString(sv.tag())), json(variant.type(), sv.value(), n.ts));
        return out;
    }
}
