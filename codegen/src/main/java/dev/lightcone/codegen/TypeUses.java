package dev.lightcone.codegen;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.Typespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Classifies the module's types into {@link TypeUse}s: a reference to a named type stays a reference (by
 * its generated name); a reference to an unnamed slot is looked through; special types are recognised by
 * their shape, as SpacetimeDB does.
 */
final class TypeUses {
    private final Typespace typespace;
    /** Generated type name by typespace slot, for the named types. */
    private final Map<Integer, String> names;

    TypeUses(Typespace typespace, Map<Integer, String> names) {
        this.typespace = typespace;
        this.names = Map.copyOf(names);
    }

    /** The generated name of the named type in slot {@code index}, if it has one. */
    String nameOf(int index) {
        return names.get(index);
    }

    /** The structure in slot {@code index}, looked through references. */
    AlgebraicType slot(int index, String where) {
        try {
            return typespace.resolve(new TypeRef(index));
        } catch (IllegalArgumentException e) {
            throw new CodegenException(where + ": " + e.getMessage());
        }
    }

    /** How {@code type} is used; {@code where} names the place for error messages. */
    TypeUse of(AlgebraicType type, String where) {
        return of(type, where, 0);
    }

    private TypeUse of(AlgebraicType type, String where, int depth) {
        if (depth > 64) {
            throw new CodegenException(where + ": type is nested deeper than 64 levels or recursive without a name");
        }
        if (type instanceof TypeRef r) {
            String name = names.get(r.index());
            if (name != null) {
                return new TypeUse.Ref(r.index(), name);
            }
            if (r.index() < 0 || r.index() >= typespace.types().size()) {
                throw new CodegenException(where + ": type reference " + r.index() + " is outside the typespace");
            }
            return of(typespace.get(r.index()), where, depth + 1);
        }
        if (type instanceof PrimitiveType p) {
            return new TypeUse.Primitive(p);
        }
        if (type instanceof ArrayType a) {
            return new TypeUse.Array(of(a.elementType(), where, depth + 1));
        }
        if (type instanceof ProductType p) {
            return product(p, where, depth);
        }
        return sum((SumType) type, where, depth);
    }

    private TypeUse product(ProductType p, String where, int depth) {
        if (p.size() == 0) {
            return new TypeUse.Unit();
        }
        if (SpecialTypes.isIdentity(p)) {
            return new TypeUse.Identity();
        }
        if (SpecialTypes.isConnectionId(p)) {
            return new TypeUse.ConnectionId();
        }
        if (SpecialTypes.isTimestamp(p)) {
            return new TypeUse.Timestamp();
        }
        if (SpecialTypes.isTimeDuration(p)) {
            return new TypeUse.TimeDuration();
        }
        if (SpecialTypes.isUuid(p)) {
            return new TypeUse.Uuid();
        }
        List<TypeUse.Field> fields = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            ProductType.Element e = p.elements().get(i);
            // A tuple's elements have no names; SATS-JSON and the SDK's objects call them by position.
            String name = e.name().orElse("_" + i);
            fields.add(new TypeUse.Field(name, of(e.type(), where, depth + 1)));
        }
        return new TypeUse.AnonymousProduct(fields);
    }

    private TypeUse sum(SumType s, String where, int depth) {
        if (s.size() == 0) {
            return new TypeUse.Never();
        }
        if (SpecialTypes.isScheduleAt(s)) {
            return new TypeUse.ScheduleAt();
        }
        if (s.isOption()) {
            return new TypeUse.Option(of(s.variants().get(0).type(), where, depth + 1));
        }
        if (s.size() == 2 && s.variants().get(0).name().filter("ok"::equals).isPresent()
                && s.variants().get(1).name().filter("err"::equals).isPresent()) {
            return new TypeUse.Result(of(s.variants().get(0).type(), where, depth + 1),
                    of(s.variants().get(1).type(), where, depth + 1));
        }
        throw new CodegenException(where + ": a sum type written inline has no name for the client to use; "
                + "give it a name (a #[derive(SpacetimeType)] enum)");
    }
}
