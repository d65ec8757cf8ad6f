package dev.lightcone.sats.moduledef.migration;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;

/** Types as upstream prints them in migration texts: {@code U32}, {@code Array<String>}, {@code (a: U8, b: Bool)}, {@code (A: U8 | B: ())}. */
final class TypeText {
    private TypeText() {
    }

    static String of(AlgebraicType t) {
        if (t instanceof PrimitiveType p) {
            return switch (p) {
                case STRING -> "String";
                case BOOL -> "Bool";
                default -> p.name();
            };
        }
        if (t instanceof ArrayType a) {
            return "Array<" + of(a.elementType()) + ">";
        }
        if (t instanceof TypeRef r) {
            return Integer.toString(r.index());
        }
        if (t instanceof ProductType p) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < p.elements().size(); i++) {
                ProductType.Element e = p.elements().get(i);
                sb.append(e.name().orElse(Integer.toString(i))).append(": ").append(of(e.type()));
                if (i < p.elements().size() - 1) {
                    sb.append(", ");
                }
            }
            return sb.append(')').toString();
        }
        SumType s = (SumType) t;
        if (s.variants().isEmpty()) {
            return "(|)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.variants().size(); i++) {
            SumType.Variant v = s.variants().get(i);
            v.name().ifPresent(n -> sb.append(n).append(": "));
            sb.append(of(v.type()));
            if (i < s.variants().size() - 1) {
                sb.append(" | ");
            }
        }
        return sb.append(')').toString();
    }
}
