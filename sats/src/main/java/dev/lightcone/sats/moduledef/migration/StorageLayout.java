package dev.lightcone.sats.moduledef.migration;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SumType;

/**
 * Size and alignment of a type in SpacetimeDB's row layout (BFLATN). Lightcone stores BSATN, but upstream
 * refuses sum-type changes whose layout differs, so the planner computes the same layout to decide alike.
 */
record StorageLayout(int size, int align) {

    /** Strings and arrays live out of line behind a 4-byte reference aligned to 2. */
    private static final StorageLayout VAR_LEN = new StorageLayout(4, 2);

    static StorageLayout of(AlgebraicType t) {
        if (t instanceof PrimitiveType p) {
            if (p == PrimitiveType.STRING) {
                return VAR_LEN;
            }
            return new StorageLayout(p.fixedSize(), p.fixedSize());
        }
        if (t instanceof ArrayType) {
            return VAR_LEN;
        }
        if (t instanceof ProductType p) {
            int offset = 0;
            int maxAlign = 1;
            for (ProductType.Element e : p.elements()) {
                StorageLayout l = of(e.type());
                offset = alignTo(offset, l.align) + l.size;
                maxAlign = Math.max(maxAlign, l.align);
            }
            return new StorageLayout(alignTo(offset, maxAlign), maxAlign);
        }
        if (t instanceof SumType s) {
            int maxSize = 0;
            int maxAlign = 0;
            for (SumType.Variant v : s.variants()) {
                StorageLayout l = of(v.type());
                maxAlign = Math.max(maxAlign, l.align);
                maxSize = Math.max(maxSize, l.size);
            }
            int align = Math.max(maxAlign, 1);
            return new StorageLayout(align + alignTo(maxSize, maxAlign), align);
        }
        throw new IllegalArgumentException("type references must be resolved before computing a layout: " + t);
    }

    private static int alignTo(int base, int alignment) {
        if (alignment == 0) {
            return base;
        }
        return (base + alignment - 1) / alignment * alignment;
    }
}
