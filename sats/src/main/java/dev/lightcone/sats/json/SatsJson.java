package dev.lightcone.sats.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.Typespace;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * SATS-JSON: the JSON form of SATS values used by the HTTP routes (client-protocol §3.3).
 *
 * <p>{@link Style#NAMED} renders products as objects keyed by field name and sums as
 * {@code {"Variant": payload}}; unit is {@code []}; {@code Array<U8>} is a hex string. {@link Style#POSITIONAL}
 * renders products as arrays and sums as {@code [tag, payload]}, as the SQL route returns rows. Decoding
 * accepts both shapes, so callers may send arguments either way.
 *
 * <p>Integers up to 128 bits are JSON numbers; {@code u256}/{@code i256} (and so the {@code Identity} inside its
 * one-field product) are strings in {@code 0x} hex without leading zeros, as upstream writes and reads them.
 * The other special types render by their structure: {@code ConnectionId} and {@code Uuid} as a {@code u128}
 * number, {@code Timestamp} and {@code TimeDuration} as {@code i64} microseconds. Decoding also accepts a few
 * shorthands upstream does not: a bare hex string for {@code Identity}, {@code ConnectionId} and {@code Uuid},
 * an RFC 3339 string for {@code Timestamp}, a bare number for any one-field special type, and JSON numbers
 * for {@code u256}/{@code i256}.
 */
public final class SatsJson {
    /** The two shapes of products and sums. */
    public enum Style { NAMED, POSITIONAL }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final BigInteger U64_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private SatsJson() {
    }

    /** Encodes {@code value} of {@code type}, resolving references through {@code ts}. */
    public static JsonNode encode(AlgebraicType type, AlgebraicValue value, Typespace ts, Style style) {
        if (type instanceof TypeRef r) {
            return encode(ts.get(r.index()), value, ts, style);
        }
        if (type instanceof PrimitiveType p) {
            return encodePrimitive(p, value);
        }
        if (type instanceof ArrayType a) {
            if (value instanceof AlgebraicValue.Bytes b) {
                return F.textNode(HexFormat.of().formatHex(b.value()));
            }
            ArrayNode out = F.arrayNode();
            for (AlgebraicValue e : ((AlgebraicValue.Array) value).elements()) {
                out.add(encode(a.elementType(), e, ts, style));
            }
            return out;
        }
        if (type instanceof ProductType p) {
            AlgebraicValue.Product pv = (AlgebraicValue.Product) value;
            if (style == Style.POSITIONAL || p.size() == 0) {
                ArrayNode out = F.arrayNode();
                for (int i = 0; i < p.size(); i++) {
                    out.add(encode(p.typeAt(i), pv.field(i), ts, style));
                }
                return out;
            }
            ObjectNode out = F.objectNode();
            for (int i = 0; i < p.size(); i++) {
                out.set(p.elements().get(i).name().orElse(Integer.toString(i)), encode(p.typeAt(i), pv.field(i), ts, style));
            }
            return out;
        }
        SumType s = (SumType) type;
        AlgebraicValue.Sum sv = (AlgebraicValue.Sum) value;
        JsonNode payload = encode(s.variants().get(sv.tag()).type(), sv.value(), ts, style);
        if (style == Style.POSITIONAL) {
            return F.arrayNode().add(sv.tag()).add(payload);
        }
        ObjectNode out = F.objectNode();
        out.set(s.variants().get(sv.tag()).name().orElse(Integer.toString(sv.tag())), payload);
        return out;
    }

    private static JsonNode encodePrimitive(PrimitiveType p, AlgebraicValue value) {
        return switch (p) {
            case BOOL -> F.booleanNode(((AlgebraicValue.Bool) value).value());
            case U64 -> {
                long v = ((AlgebraicValue.Int) value).value();
                yield v >= 0 ? F.numberNode(v) : F.numberNode(BigInteger.valueOf(v).and(U64_MASK));
            }
            case I8, U8, I16, U16, I32, U32, I64 -> F.numberNode(((AlgebraicValue.Int) value).value());
            case I128, U128 -> value instanceof AlgebraicValue.Int i
                    ? F.numberNode(i.value()) : F.numberNode(((AlgebraicValue.Big) value).value());
            case I256, U256 -> F.textNode(hex256(value instanceof AlgebraicValue.Int i
                    ? BigInteger.valueOf(i.value()) : ((AlgebraicValue.Big) value).value()));
            case F32 -> F.numberNode(((AlgebraicValue.F32) value).value());
            case F64 -> F.numberNode(((AlgebraicValue.F64) value).value());
            case STRING -> F.textNode(((AlgebraicValue.Str) value).value());
        };
    }

    /** The upstream (ethnum) JSON form of a 256-bit integer: {@code 0x} hex without leading zeros, {@code -0x1}. */
    static String hex256(BigInteger v) {
        return (v.signum() < 0 ? "-0x" : "0x") + v.abs().toString(16);
    }

    /** Parses the form {@link #hex256} writes; anything else is refused, as upstream refuses it. */
    private static BigInteger parseHex256(String text, PrimitiveType p, String path) {
        boolean negative = text.startsWith("-");
        String digits = negative ? text.substring(1) : text;
        if (!(digits.startsWith("0x") || digits.startsWith("0X")) || digits.length() == 2
                || !digits.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new SatsJsonException(path, "expected a 0x-prefixed hex string for " + p.jsonName()
                    + " (like \"0xff\" or \"-0x1\"), got \"" + text + "\"");
        }
        BigInteger v = new BigInteger(digits.substring(2), 16);
        return negative ? v.negate() : v;
    }

    /** Decodes JSON into a value of {@code type}; fails with {@link SatsJsonException} naming the path. */
    public static AlgebraicValue decode(AlgebraicType type, JsonNode json, Typespace ts) {
        return decode(type, json, ts, "$");
    }

    private static AlgebraicValue decode(AlgebraicType type, JsonNode json, Typespace ts, String path) {
        if (type instanceof TypeRef r) {
            return decode(ts.get(r.index()), json, ts, path);
        }
        if (type instanceof PrimitiveType p) {
            return decodePrimitive(p, json, path);
        }
        if (type instanceof ArrayType a) {
            if (a.isBytes() && json.isTextual()) {
                return new AlgebraicValue.Bytes(parseHex(json.asText(), path));
            }
            if (!json.isArray()) {
                throw new SatsJsonException(path, "expected an array");
            }
            List<AlgebraicValue> elems = new ArrayList<>(json.size());
            for (int i = 0; i < json.size(); i++) {
                elems.add(decode(a.elementType(), json.get(i), ts, path + "[" + i + "]"));
            }
            if (a.isBytes()) {
                byte[] b = new byte[elems.size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) ((AlgebraicValue.Int) elems.get(i)).value();
                }
                return new AlgebraicValue.Bytes(b);
            }
            return new AlgebraicValue.Array(elems);
        }
        if (type instanceof ProductType p) {
            return decodeProduct(p, json, ts, path);
        }
        return decodeSum((SumType) type, json, ts, path);
    }

    private static AlgebraicValue decodeProduct(ProductType p, JsonNode json, Typespace ts, String path) {
        if (SpecialTypes.isIdentity(p) && json.isTextual()) {
            // A bare string is accepted too: 64 hex digits (how /v1/identity prints one) or the u256 form.
            String text = json.asText();
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return AlgebraicValue.product(IntegerRange.check(PrimitiveType.U256,
                        parseHex256(text, PrimitiveType.U256, path), path));
            }
            try {
                return Identity.fromHex(text).toValue();
            } catch (IllegalArgumentException e) {
                throw new SatsJsonException(path, e.getMessage());
            }
        }
        if ((SpecialTypes.isConnectionId(p) || SpecialTypes.isUuid(p)) && json.isTextual()) {
            String h = stripHexPrefix(json.asText());
            return AlgebraicValue.product(new AlgebraicValue.Big(new BigInteger(1, parseHex(h, path))));
        }
        if (SpecialTypes.isTimestamp(p) && json.isTextual()) {
            try {
                return AlgebraicValue.product(AlgebraicValue.integer(
                        Timestamp.ofInstant(Instant.parse(json.asText())).micros()));
            } catch (DateTimeParseException e) {
                throw new SatsJsonException(path, "expected an RFC 3339 timestamp");
            }
        }
        if (p.size() == 1 && json.isNumber() && p.elements().get(0).name().filter(n -> n.startsWith("__")).isPresent()) {
            return AlgebraicValue.product(decode(p.typeAt(0), json, ts, path));
        }
        List<AlgebraicValue> fields = new ArrayList<>(p.size());
        if (json.isArray()) {
            if (json.size() != p.size()) {
                throw new SatsJsonException(path, "expected " + p.size() + " elements, got " + json.size());
            }
            for (int i = 0; i < p.size(); i++) {
                fields.add(decode(p.typeAt(i), json.get(i), ts, path + "[" + i + "]"));
            }
            return new AlgebraicValue.Product(fields);
        }
        if (!json.isObject()) {
            throw new SatsJsonException(path, "expected an object or array for a product");
        }
        for (int i = 0; i < p.size(); i++) {
            String name = p.elements().get(i).name().orElse(Integer.toString(i));
            JsonNode field = json.get(name);
            if (field == null) {
                throw new SatsJsonException(path, "missing field `" + name + "`");
            }
            fields.add(decode(p.typeAt(i), field, ts, path + "." + name));
        }
        if (json.size() != p.size()) {
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                String n = it.next();
                if (p.indexOf(n) < 0) {
                    throw new SatsJsonException(path, "unknown field `" + n + "`");
                }
            }
        }
        return new AlgebraicValue.Product(fields);
    }

    private static AlgebraicValue decodeSum(SumType s, JsonNode json, Typespace ts, String path) {
        if (s.isOption() && json.isNull()) {
            return AlgebraicValue.Sum.none();
        }
        if (s.isSimpleEnum() && json.isTextual()) {
            int tag = s.indexOf(json.asText());
            if (tag < 0) {
                throw new SatsJsonException(path, "unknown variant `" + json.asText() + "`");
            }
            return AlgebraicValue.Sum.unit(tag);
        }
        if (json.isArray() && json.size() == 2 && json.get(0).isIntegralNumber()) {
            int tag = json.get(0).asInt();
            if (tag < 0 || tag >= s.size()) {
                throw new SatsJsonException(path, "variant tag " + tag + " out of range");
            }
            return new AlgebraicValue.Sum(tag, decode(s.variants().get(tag).type(), json.get(1), ts, path + "[1]"));
        }
        if (json.isObject() && json.size() == 1) {
            Map.Entry<String, JsonNode> e = json.fields().next();
            int tag = s.indexOf(e.getKey());
            if (tag < 0) {
                try {
                    tag = Integer.parseInt(e.getKey());
                } catch (NumberFormatException nfe) {
                    throw new SatsJsonException(path, "unknown variant `" + e.getKey() + "`");
                }
                if (tag < 0 || tag >= s.size()) {
                    throw new SatsJsonException(path, "variant tag " + tag + " out of range");
                }
            }
            return new AlgebraicValue.Sum(tag, decode(s.variants().get(tag).type(), e.getValue(), ts,
                    path + "." + e.getKey()));
        }
        throw new SatsJsonException(path, "expected {\"Variant\": payload} for a sum");
    }

    private static AlgebraicValue decodePrimitive(PrimitiveType p, JsonNode json, String path) {
        switch (p) {
            case BOOL -> {
                if (!json.isBoolean()) {
                    throw new SatsJsonException(path, "expected a boolean");
                }
                return AlgebraicValue.Bool.of(json.booleanValue());
            }
            case STRING -> {
                if (!json.isTextual()) {
                    throw new SatsJsonException(path, "expected a string");
                }
                return new AlgebraicValue.Str(json.asText());
            }
            case F32 -> {
                return new AlgebraicValue.F32((float) number(json, path).doubleValue());
            }
            case F64 -> {
                return new AlgebraicValue.F64(number(json, path).doubleValue());
            }
            case I256, U256 -> {
                if (json.isTextual()) {
                    return IntegerRange.check(p, parseHex256(json.asText().trim(), p, path), path);
                }
                if (!json.isNumber()) {
                    throw new SatsJsonException(path, "expected a 0x-prefixed hex string for " + p.jsonName());
                }
                try {
                    return IntegerRange.check(p, json.decimalValue().toBigIntegerExact(), path);
                } catch (ArithmeticException e) {
                    throw new SatsJsonException(path, "expected an integer");
                }
            }
            default -> {
                BigInteger v;
                try {
                    v = number(json, path).toBigIntegerExact();
                } catch (ArithmeticException e) {
                    throw new SatsJsonException(path, "expected an integer");
                }
                return IntegerRange.check(p, v, path);
            }
        }
    }

    private static BigDecimal number(JsonNode json, String path) {
        if (json.isNumber()) {
            return json.decimalValue();
        }
        if (json.isTextual()) {
            try {
                return new BigDecimal(json.asText().trim());
            } catch (NumberFormatException e) {
                throw new SatsJsonException(path, "expected a number");
            }
        }
        throw new SatsJsonException(path, "expected a number");
    }

    private static String stripHexPrefix(String s) {
        return s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    }

    private static byte[] parseHex(String s, String path) {
        try {
            return HexFormat.of().parseHex(stripHexPrefix(s));
        } catch (IllegalArgumentException e) {
            throw new SatsJsonException(path, "expected a hex string");
        }
    }
}
