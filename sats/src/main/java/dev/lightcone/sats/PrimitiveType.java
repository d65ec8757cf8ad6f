package dev.lightcone.sats;

/** The scalar SATS types, with their tags in the BSATN encoding of {@link AlgebraicType}. */
public enum PrimitiveType implements AlgebraicType {
    STRING(4, -1, false),
    BOOL(5, 1, false),
    I8(6, 1, true),
    U8(7, 1, false),
    I16(8, 2, true),
    U16(9, 2, false),
    I32(10, 4, true),
    U32(11, 4, false),
    I64(12, 8, true),
    U64(13, 8, false),
    I128(14, 16, true),
    U128(15, 16, false),
    I256(16, 32, true),
    U256(17, 32, false),
    F32(18, 4, true),
    F64(19, 8, true);

    private final int kindTag;
    private final int fixedSize;
    private final boolean signed;

    PrimitiveType(int kindTag, int fixedSize, boolean signed) {
        this.kindTag = kindTag;
        this.fixedSize = fixedSize;
        this.signed = signed;
    }

    @Override
    public int kindTag() {
        return kindTag;
    }

    @Override
    public int fixedSize() {
        return fixedSize;
    }

    /** True for the two's-complement integer types and the floats. */
    public boolean signed() {
        return signed;
    }

    /** True for the fixed-width integer types (8 to 256 bits). */
    public boolean isInteger() {
        return kindTag >= I8.kindTag && kindTag <= U256.kindTag;
    }

    /** True for integers that fit a Java {@code long} (8 to 64 bits). */
    public boolean fitsInLong() {
        return kindTag >= I8.kindTag && kindTag <= U64.kindTag;
    }

    public boolean isFloat() {
        return this == F32 || this == F64;
    }

    /** The type for a {@link #kindTag()}, or null if the tag is not a primitive kind. */
    public static PrimitiveType ofKindTag(int tag) {
        if (tag < STRING.kindTag || tag > F64.kindTag) {
            return null;
        }
        return values()[tag - STRING.kindTag];
    }

    /** The name SATS-JSON uses for this type, e.g. {@code U64}. */
    public String jsonName() {
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
