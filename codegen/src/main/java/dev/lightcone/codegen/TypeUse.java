package dev.lightcone.codegen;

import dev.lightcone.sats.PrimitiveType;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * How a type is used in generated code: a SATS primitive, one of the special types the SDK has builders
 * for, a reference to a named type of the module, or a structure built from those (the shapes of
 * SpacetimeDB's {@code AlgebraicTypeUse}).
 */
sealed interface TypeUse {

    /** A named field of an anonymous product, or a variant. */
    record Field(String name, TypeUse type) {
    }

    record Unit() implements TypeUse {
    }

    record Never() implements TypeUse {
    }

    record Identity() implements TypeUse {
    }

    record ConnectionId() implements TypeUse {
    }

    record Timestamp() implements TypeUse {
    }

    record TimeDuration() implements TypeUse {
    }

    record ScheduleAt() implements TypeUse {
    }

    record Uuid() implements TypeUse {
    }

    /** A primitive, {@link PrimitiveType#STRING} included. */
    record Primitive(PrimitiveType type) implements TypeUse {
    }

    record Array(TypeUse element) implements TypeUse {
    }

    record Option(TypeUse some) implements TypeUse {
    }

    record Result(TypeUse ok, TypeUse err) implements TypeUse {
    }

    /** A named type of the module: typespace slot {@code index}, generated as {@code name}. */
    record Ref(int index, String name) implements TypeUse {
    }

    /** A product written inline (a Rust tuple), which has no name to refer to. */
    record AnonymousProduct(List<Field> fields) implements TypeUse {
        public AnonymousProduct {
            fields = List.copyOf(fields);
        }
    }

    /** Calls {@code visit} with the typespace slot of every named type this use mentions. */
    default void forEachRef(IntConsumer visit) {
        if (this instanceof Ref r) {
            visit.accept(r.index());
        } else if (this instanceof Array a) {
            a.element().forEachRef(visit);
        } else if (this instanceof Option o) {
            o.some().forEachRef(visit);
        } else if (this instanceof Result r) {
            r.ok().forEachRef(visit);
            r.err().forEachRef(visit);
        } else if (this instanceof AnonymousProduct p) {
            p.fields().forEach(f -> f.type().forEachRef(visit));
        }
    }

    /** True if generated code must read this lazily (a getter), so types defined later can be used. */
    default boolean containsRef() {
        boolean[] found = {false};
        forEachRef(i -> found[0] = true);
        return found[0];
    }
}
