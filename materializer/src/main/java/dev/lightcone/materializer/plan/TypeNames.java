package dev.lightcone.materializer.plan;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import java.util.stream.Collectors;

/** Renders types for error messages, in the style of SpacetimeDB's {@code fmt_algebraic_type}. */
final class TypeNames {
    private TypeNames() {
    }

    static String of(AlgebraicType type) {
        if (type instanceof PrimitiveType p) {
            return p.jsonName();
        }
        if (SpecialTypes.isIdentity(type)) {
            return "Identity";
        }
        if (SpecialTypes.isConnectionId(type)) {
            return "ConnectionId";
        }
        if (SpecialTypes.isTimestamp(type)) {
            return "Timestamp";
        }
        if (SpecialTypes.isTimeDuration(type)) {
            return "TimeDuration";
        }
        if (SpecialTypes.isUuid(type)) {
            return "Uuid";
        }
        if (type instanceof ArrayType a) {
            return "Array<" + of(a.elementType()) + ">";
        }
        if (type instanceof SumType s && s.isOption()) {
            return "Option<" + of(s.variants().get(0).type()) + ">";
        }
        if (type instanceof SumType s) {
            return "(" + s.variants().stream().map(v -> v.name().orElse("_") + ": " + of(v.type()))
                    .collect(Collectors.joining(" | ")) + ")";
        }
        if (type instanceof ProductType p) {
            return "(" + p.elements().stream().map(e -> e.name().orElse("_") + ": " + of(e.type()))
                    .collect(Collectors.joining(", ")) + ")";
        }
        return type.toString();
    }
}
