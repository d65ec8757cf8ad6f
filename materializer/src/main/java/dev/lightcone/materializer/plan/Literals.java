package dev.lightcone.materializer.plan;

import dev.lightcone.materializer.sql.BoolLiteral;
import dev.lightcone.materializer.sql.Expr;
import dev.lightcone.materializer.sql.HexLiteral;
import dev.lightcone.materializer.sql.NumberLiteral;
import dev.lightcone.materializer.sql.SenderParam;
import dev.lightcone.materializer.sql.StringLiteral;
import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Coerces literals (and {@code :sender}) to a column type, producing the BSATN of the value. Integers
 * are accepted when integral and in range ({@code 1e3} is an integer), hex literals and hex strings
 * give Identity, ConnectionId, Uuid and bytes, RFC 3339 strings give Timestamps.
 */
public final class Literals {
    private Literals() {
    }

    /**
     * The BSATN of {@code literal} as a value of {@code type}.
     *
     * @throws SqlTypeException if the literal does not denote a value of that type
     */
    public static byte[] coerce(Expr literal, AlgebraicType type, Identity sender) {
        ValueKind kind = ValueKind.of(type);
        if (kind == null) {
            throw SqlTypeException.invalidLiteral(literal.toString(), TypeNames.of(type));
        }
        if (literal instanceof SenderParam) {
            if (!SpecialTypes.isIdentity(type)) {
                throw SqlTypeException.unexpected(TypeNames.of(type), "Identity");
            }
            return sender.toLittleEndian();
        }
        if (literal instanceof BoolLiteral b) {
            if (kind != ValueKind.BOOL) {
                throw SqlTypeException.unexpected(TypeNames.of(type), "Bool");
            }
            return new byte[] {(byte) (b.value() ? 1 : 0)};
        }
        try {
            byte[] out = null;
            if (literal instanceof NumberLiteral n) {
                out = number(n.text(), kind, type);
            } else if (literal instanceof StringLiteral s) {
                out = string(s.value(), kind, type);
            } else if (literal instanceof HexLiteral h) {
                out = hex(h.bytes(), kind, type);
            }
            if (out != null) {
                return out;
            }
        } catch (ArithmeticException | IllegalArgumentException | DateTimeParseException e) {
            // falls through to the error below
        }
        throw SqlTypeException.invalidLiteral(literal.toString(), TypeNames.of(type));
    }

    private static byte[] number(String text, ValueKind kind, AlgebraicType type) {
        if (kind.isInteger()) {
            return integer(new BigDecimal(text).toBigIntegerExact(), kind);
        }
        if (kind == ValueKind.F64) {
            double d = Double.parseDouble(text);
            return Double.isFinite(d) ? new BsatnWriter(8).writeF64(d).toByteArray() : null;
        }
        if (kind == ValueKind.F32) {
            float f = Float.parseFloat(text);
            return Float.isFinite(f) ? new BsatnWriter(4).writeF32(f).toByteArray() : null;
        }
        if (SpecialTypes.isTimestamp(type)) {
            return integer(new BigDecimal(text).toBigIntegerExact(), ValueKind.I64);
        }
        return null;
    }

    private static byte[] string(String s, ValueKind kind, AlgebraicType type) {
        if (kind == ValueKind.STRING) {
            return new BsatnWriter(4 + s.length()).writeString(s).toByteArray();
        }
        if (SpecialTypes.isIdentity(type)) {
            return Identity.fromHex(s).toLittleEndian();
        }
        if (SpecialTypes.isConnectionId(type)) {
            return ConnectionId.fromHex(strip0x(s)).toLittleEndian();
        }
        if (SpecialTypes.isTimestamp(type)) {
            Instant i = OffsetDateTime.parse(s).toInstant();
            long micros = Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
            return new BsatnWriter(8).writeU64(micros).toByteArray();
        }
        if (SpecialTypes.isUuid(type)) {
            UUID u = UUID.fromString(s);
            return littleEndian(u.getMostSignificantBits(), u.getLeastSignificantBits());
        }
        if (kind == ValueKind.BYTES) {
            return new BsatnWriter().writeBytes(HexFormat.of().parseHex(strip0x(s))).toByteArray();
        }
        if (kind.isInteger() || kind.isFloat()) {
            return number(s.trim(), kind, type);
        }
        return null;
    }

    private static byte[] hex(byte[] be, ValueKind kind, AlgebraicType type) {
        if (kind == ValueKind.BYTES) {
            return new BsatnWriter(4 + be.length).writeBytes(be).toByteArray();
        }
        if (kind.isInteger() && !SpecialTypes.isTimestamp(type)) {
            if (be.length > kind.width) {
                return null;
            }
            byte[] le = new byte[kind.width];
            for (int i = 0; i < be.length; i++) {
                le[i] = be[be.length - 1 - i];
            }
            return le;
        }
        return null;
    }

    private static byte[] integer(BigInteger v, ValueKind kind) {
        int bits = kind.width * 8;
        BigInteger min = kind.isSigned() ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = kind.isSigned() ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new ArithmeticException("out of range");
        }
        byte[] le = new byte[kind.width];
        byte[] be = v.toByteArray();
        byte fill = (byte) (v.signum() < 0 ? 0xFF : 0);
        for (int i = 0; i < le.length; i++) {
            int j = be.length - 1 - i;
            le[i] = j >= 0 ? be[j] : fill;
        }
        return le;
    }

    private static byte[] littleEndian(long hi, long lo) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (lo >>> (8 * i));
            b[8 + i] = (byte) (hi >>> (8 * i));
        }
        return b;
    }

    private static String strip0x(String s) {
        return s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    }
}
