package dev.lightcone.sats;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates random SATS types and values of those types, reproducibly from a seed. */
public final class RandomSats {
    private final Random random;

    public RandomSats(long seed) {
        this.random = new Random(seed);
    }

    public AlgebraicType type(int depth) {
        int choice = random.nextInt(depth <= 0 ? 16 : 20);
        if (choice < 16) {
            return PrimitiveType.values()[choice];
        }
        return switch (choice) {
            case 16 -> new ArrayType(type(depth - 1));
            case 17 -> {
                int n = random.nextInt(4);
                List<ProductType.Element> elems = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    elems.add(ProductType.Element.named("f" + i, type(depth - 1)));
                }
                yield new ProductType(elems);
            }
            case 18 -> SumType.option(type(depth - 1));
            default -> {
                int n = 1 + random.nextInt(4);
                List<SumType.Variant> vs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    vs.add(SumType.Variant.named("V" + i, random.nextBoolean() ? ProductType.UNIT : type(depth - 1)));
                }
                yield new SumType(vs);
            }
        };
    }

    public AlgebraicValue value(AlgebraicType type) {
        if (type instanceof PrimitiveType p) {
            return primitive(p);
        }
        if (type instanceof ArrayType a) {
            int n = random.nextInt(4);
            if (a.isBytes()) {
                byte[] b = new byte[n];
                random.nextBytes(b);
                return new AlgebraicValue.Bytes(b);
            }
            List<AlgebraicValue> elems = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                elems.add(value(a.elementType()));
            }
            return new AlgebraicValue.Array(elems);
        }
        if (type instanceof ProductType p) {
            List<AlgebraicValue> fields = new ArrayList<>();
            for (ProductType.Element e : p.elements()) {
                fields.add(value(e.type()));
            }
            return new AlgebraicValue.Product(fields);
        }
        SumType s = (SumType) type;
        int tag = random.nextInt(s.size());
        return new AlgebraicValue.Sum(tag, value(s.variants().get(tag).type()));
    }

    private AlgebraicValue primitive(PrimitiveType p) {
        return switch (p) {
            case BOOL -> AlgebraicValue.Bool.of(random.nextBoolean());
            case I8 -> new AlgebraicValue.Int((byte) random.nextInt());
            case U8 -> new AlgebraicValue.Int(random.nextInt(256));
            case I16 -> new AlgebraicValue.Int((short) random.nextInt());
            case U16 -> new AlgebraicValue.Int(random.nextInt(65536));
            case I32 -> new AlgebraicValue.Int(random.nextInt());
            case U32 -> new AlgebraicValue.Int(random.nextInt() & 0xFFFFFFFFL);
            case I64, U64 -> new AlgebraicValue.Int(random.nextLong());
            case I128, I256 -> new AlgebraicValue.Big(new BigInteger(p.fixedSize() * 8 - 1, random)
                    .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)));
            case U128, U256 -> new AlgebraicValue.Big(new BigInteger(p.fixedSize() * 8, random));
            case F32 -> new AlgebraicValue.F32(random.nextFloat() * 1000 - 500);
            case F64 -> new AlgebraicValue.F64(random.nextDouble() * 1e6 - 5e5);
            case STRING -> new AlgebraicValue.Str(randomString());
        };
    }

    private String randomString() {
        String alphabet = "abcXYZ019 é漢🚀\"\\";
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(6);
        int[] cps = alphabet.codePoints().toArray();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return sb.toString();
    }
}
