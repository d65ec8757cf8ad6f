package dev.lightcone.sats;

/**
 * A SATS type: the structural type system shared by modules, the datastore and clients.
 *
 * <p>Cases: the primitive types ({@link PrimitiveType}), products (structs), sums (tagged unions),
 * arrays and references into a module's {@link Typespace}. Special types such as {@code Identity}
 * or {@code Option<T>} are ordinary products and sums recognised by their shape; see
 * {@link SpecialTypes}.
 */
public sealed interface AlgebraicType permits PrimitiveType, ProductType, SumType, ArrayType, TypeRef {

    /** The tag of this type's kind in the BSATN encoding of {@code AlgebraicType} (module-abi §7.3). */
    int kindTag();

    /** The number of bytes every value of this type occupies in BSATN, or -1 if values vary in size. */
    int fixedSize();

    static ArrayType array(AlgebraicType element) {
        return new ArrayType(element);
    }

    static TypeRef ref(int index) {
        return new TypeRef(index);
    }
}
