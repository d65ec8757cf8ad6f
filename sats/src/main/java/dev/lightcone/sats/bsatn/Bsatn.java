package dev.lightcone.sats.bsatn;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.Typespace;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * BSATN encoding and decoding of {@link AlgebraicValue}s at a given {@link AlgebraicType}
 * (module-abi §7.1). References are resolved through the supplied {@link Typespace}.
 */
public final class Bsatn {
    private Bsatn() {
    }

    /** Encodes a value at a type that contains no references. */
    public static byte[] encode(AlgebraicType type, AlgebraicValue value) {
        BsatnWriter w = new BsatnWriter();
        write(w, type, value, Typespace.EMPTY);
        return w.toByteArray();
    }

    /** Encodes a value at a type whose references resolve through {@code ts}. */
    public static byte[] encodeWith(AlgebraicType type, AlgebraicValue value, Typespace ts) {
        BsatnWriter w = new BsatnWriter();
        write(w, type, value, ts);
        return w.toByteArray();
    }

    /** Decodes a whole buffer as one value of a type that contains no references. */
    public static AlgebraicValue decode(AlgebraicType type, byte[] bytes) {
        BsatnReader r = new BsatnReader(bytes);
        AlgebraicValue v = read(r, type, Typespace.EMPTY);
        r.expectEnd();
        return v;
    }

    /** Decodes a whole buffer as one value of a type whose references resolve through {@code ts}. */
    public static AlgebraicValue decodeWith(AlgebraicType type, byte[] bytes, Typespace ts) {
        BsatnReader r = new BsatnReader(bytes);
        AlgebraicValue v = read(r, type, ts);
        r.expectEnd();
        return v;
    }

    /** Writes {@code value} at {@code type}; fails with {@link IllegalArgumentException} if they disagree. */
    public static void write(BsatnWriter w, AlgebraicType type, AlgebraicValue value, Typespace ts) {
        if (type instanceof TypeRef r) {
            write(w, ts.get(r.index()), value, ts);
        } else if (type instanceof PrimitiveType p) {
            writePrimitive(w, p, value);
        } else if (type instanceof ArrayType a) {
            if (a.isBytes() && value instanceof AlgebraicValue.Bytes b) {
                w.writeBytes(b.value());
            } else if (value instanceof AlgebraicValue.Array arr) {
                w.writeU32(arr.elements().size());
                for (AlgebraicValue e : arr.elements()) {
                    write(w, a.elementType(), e, ts);
                }
            } else {
                throw mismatch(type, value);
            }
        } else if (type instanceof ProductType p) {
            if (!(value instanceof AlgebraicValue.Product pv) || pv.size() != p.size()) {
                throw mismatch(type, value);
            }
            for (int i = 0; i < p.size(); i++) {
                write(w, p.typeAt(i), pv.field(i), ts);
            }
        } else if (type instanceof SumType s) {
            if (!(value instanceof AlgebraicValue.Sum sv) || sv.tag() >= s.size()) {
                throw mismatch(type, value);
            }
            w.writeU8(sv.tag());
            write(w, s.variants().get(sv.tag()).type(), sv.value(), ts);
        }
    }

    private static void writePrimitive(BsatnWriter w, PrimitiveType p, AlgebraicValue value) {
        switch (p) {
            case BOOL -> w.writeBool(as(AlgebraicValue.Bool.class, p, value).value());
            case I8, U8 -> w.writeU8((int) as(AlgebraicValue.Int.class, p, value).value());
            case I16, U16 -> w.writeU16((int) as(AlgebraicValue.Int.class, p, value).value());
            case I32, U32 -> w.writeU32((int) as(AlgebraicValue.Int.class, p, value).value());
            case I64, U64 -> w.writeU64(as(AlgebraicValue.Int.class, p, value).value());
            case I128, U128, I256, U256 -> w.writeBig(bigOf(p, value), p.fixedSize());
            case F32 -> w.writeF32(as(AlgebraicValue.F32.class, p, value).value());
            case F64 -> w.writeF64(as(AlgebraicValue.F64.class, p, value).value());
            case STRING -> w.writeString(as(AlgebraicValue.Str.class, p, value).value());
        }
    }

    private static BigInteger bigOf(PrimitiveType p, AlgebraicValue value) {
        if (value instanceof AlgebraicValue.Big b) {
            return b.value();
        }
        if (value instanceof AlgebraicValue.Int i) {
            return BigInteger.valueOf(i.value());
        }
        throw mismatch(p, value);
    }

    private static <T extends AlgebraicValue> T as(Class<T> cls, AlgebraicType type, AlgebraicValue v) {
        if (!cls.isInstance(v)) {
            throw mismatch(type, v);
        }
        return cls.cast(v);
    }

    private static IllegalArgumentException mismatch(AlgebraicType type, AlgebraicValue value) {
        return new IllegalArgumentException("value " + value + " does not have type " + type);
    }

    /** Reads one value of {@code type}. */
    public static AlgebraicValue read(BsatnReader r, AlgebraicType type, Typespace ts) {
        if (type instanceof TypeRef ref) {
            return read(r, ts.get(ref.index()), ts);
        }
        if (type instanceof PrimitiveType p) {
            return readPrimitive(r, p);
        }
        if (type instanceof ArrayType a) {
            if (a.isBytes()) {
                return new AlgebraicValue.Bytes(r.readBytes());
            }
            int n = r.readLength(minSize(a.elementType()));
            List<AlgebraicValue> elems = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                elems.add(read(r, a.elementType(), ts));
            }
            return new AlgebraicValue.Array(elems);
        }
        if (type instanceof ProductType p) {
            List<AlgebraicValue> fields = new ArrayList<>(p.size());
            for (int i = 0; i < p.size(); i++) {
                fields.add(read(r, p.typeAt(i), ts));
            }
            return new AlgebraicValue.Product(fields);
        }
        SumType s = (SumType) type;
        int at = r.position();
        int tag = r.readU8();
        if (tag >= s.size()) {
            throw new BsatnDecodeException("sum tag " + tag + " out of range for " + s.size() + " variants", at);
        }
        return new AlgebraicValue.Sum(tag, read(r, s.variants().get(tag).type(), ts));
    }

    private static AlgebraicValue readPrimitive(BsatnReader r, PrimitiveType p) {
        return switch (p) {
            case BOOL -> AlgebraicValue.Bool.of(r.readBool());
            case I8 -> new AlgebraicValue.Int((byte) r.readU8());
            case U8 -> new AlgebraicValue.Int(r.readU8());
            case I16 -> new AlgebraicValue.Int((short) r.readU16());
            case U16 -> new AlgebraicValue.Int(r.readU16());
            case I32 -> new AlgebraicValue.Int(r.readU32());
            case U32 -> new AlgebraicValue.Int(r.readU32() & 0xFFFFFFFFL);
            case I64, U64 -> new AlgebraicValue.Int(r.readU64());
            case I128, U128, I256, U256 -> new AlgebraicValue.Big(r.readBig(p.fixedSize(), p.signed()));
            case F32 -> new AlgebraicValue.F32(r.readF32());
            case F64 -> new AlgebraicValue.F64(r.readF64());
            case STRING -> new AlgebraicValue.Str(r.readString());
        };
    }

    /**
     * Advances past one value of {@code type} without building it, validating it as it goes
     * (bool bytes, sum tags, UTF-8). Used to check rows from modules and to find column offsets.
     */
    public static void skip(BsatnReader r, AlgebraicType type, Typespace ts) {
        int fixed = type.fixedSize();
        if (fixed >= 0 && !(type instanceof SumType) && !containsBool(type)) {
            r.skip(fixed);
            return;
        }
        if (type instanceof TypeRef ref) {
            skip(r, ts.get(ref.index()), ts);
        } else if (type instanceof PrimitiveType p) {
            if (p == PrimitiveType.STRING) {
                r.readString();
            } else if (p == PrimitiveType.BOOL) {
                r.readBool();
            } else {
                r.skip(p.fixedSize());
            }
        } else if (type instanceof ArrayType a) {
            int n = r.readLength(minSize(a.elementType()));
            int elemSize = a.elementType().fixedSize();
            if (elemSize >= 0 && !(a.elementType() instanceof SumType) && !containsBool(a.elementType())) {
                r.skip(Math.multiplyExact(n, elemSize));
            } else {
                for (int i = 0; i < n; i++) {
                    skip(r, a.elementType(), ts);
                }
            }
        } else if (type instanceof ProductType p) {
            for (ProductType.Element e : p.elements()) {
                skip(r, e.type(), ts);
            }
        } else {
            SumType s = (SumType) type;
            int at = r.position();
            int tag = r.readU8();
            if (tag >= s.size()) {
                throw new BsatnDecodeException("sum tag " + tag + " out of range for " + s.size() + " variants", at);
            }
            skip(r, s.variants().get(tag).type(), ts);
        }
    }

    /** Checks that {@code bytes} hold exactly one valid value of {@code type}. */
    public static void validate(byte[] bytes, AlgebraicType type, Typespace ts) {
        BsatnReader r = new BsatnReader(bytes);
        skip(r, type, ts);
        r.expectEnd();
    }

    private static boolean containsBool(AlgebraicType t) {
        if (t == PrimitiveType.BOOL) {
            return true;
        }
        if (t instanceof ProductType p) {
            // Indexed: this runs for every row validated, and an iterator per call is garbage on the writer.
            List<ProductType.Element> es = p.elements();
            for (int i = 0; i < es.size(); i++) {
                if (containsBool(es.get(i).type())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The fewest bytes a value of this type can occupy; bounds array counts against the input left. */
    private static int minSize(AlgebraicType t) {
        if (t instanceof PrimitiveType p) {
            return p == PrimitiveType.STRING ? 4 : p.fixedSize();
        }
        if (t instanceof ArrayType) {
            return 4;
        }
        if (t instanceof SumType) {
            return 1;
        }
        if (t instanceof ProductType p) {
            int n = 0;
            for (ProductType.Element e : p.elements()) {
                n += minSize(e.type());
            }
            return n;
        }
        return 0;
    }
}
