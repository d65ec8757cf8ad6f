package dev.lightcone.sats;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A SATS value. Values do not carry their type: the same {@link Int} holds an {@code i32} or a
 * {@code u64}, and the type a value is read or written at comes from the schema.
 *
 * <p>Unsigned 64-bit integers are stored as the bit pattern of a {@code long}; integers wider than
 * 64 bits are {@link Big}. {@code Array<U8>} values are {@link Bytes}.
 */
public sealed interface AlgebraicValue {

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements AlgebraicValue {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        public static Bool of(boolean b) {
            return b ? TRUE : FALSE;
        }
    }

    /** An integer of 8 to 64 bits (unsigned 64-bit values as their two's-complement bit pattern). */
    record Int(long value) implements AlgebraicValue {
    }

    /** An integer of 128 or 256 bits, as its mathematical value (never negative for unsigned types). */
    record Big(BigInteger value) implements AlgebraicValue {
        public Big {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A 32-bit float. Equality follows {@link Float#compare}, so NaN equals NaN and 0.0 differs from -0.0. */
    record F32(float value) implements AlgebraicValue {
    }

    /** A 64-bit float. Equality follows {@link Double#compare}. */
    record F64(double value) implements AlgebraicValue {
    }

    /** A UTF-8 string. */
    record Str(String value) implements AlgebraicValue {
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An {@code Array<U8>}. */
    record Bytes(byte[] value) implements AlgebraicValue {
        public Bytes {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** An array of any element type other than U8. */
    record Array(List<AlgebraicValue> elements) implements AlgebraicValue {
        public Array {
            elements = List.copyOf(elements);
        }
    }

    /** A product value: its fields in declaration order. */
    record Product(List<AlgebraicValue> fields) implements AlgebraicValue {
        public static final Product UNIT = new Product(List.of());

        public Product {
            fields = List.copyOf(fields);
        }

        public static Product of(AlgebraicValue... fields) {
            return new Product(List.of(fields));
        }

        public AlgebraicValue field(int index) {
            return fields.get(index);
        }

        public int size() {
            return fields.size();
        }
    }

    /** A sum value: the variant's tag and its payload ({@link Product#UNIT} for unit variants). */
    record Sum(int tag, AlgebraicValue value) implements AlgebraicValue {
        public Sum {
            if (tag < 0 || tag > 255) {
                throw new IllegalArgumentException("sum tag out of range: " + tag);
            }
            Objects.requireNonNull(value, "value");
        }

        public static Sum unit(int tag) {
            return new Sum(tag, Product.UNIT);
        }

        /** {@code Some(v)} of an {@code Option}. */
        public static Sum some(AlgebraicValue v) {
            return new Sum(0, v);
        }

        /** {@code None} of an {@code Option}. */
        public static Sum none() {
            return unit(1);
        }
    }

    static Bool bool(boolean b) {
        return Bool.of(b);
    }

    static Int integer(long v) {
        return new Int(v);
    }

    static Str string(String s) {
        return new Str(s);
    }

    static Bytes bytes(byte[] b) {
        return new Bytes(b);
    }

    static Product product(AlgebraicValue... fields) {
        return Product.of(fields);
    }

    /** The UTF-8 bytes of a string value; convenience for tests and codecs. */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
