package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ProductType;
import java.util.OptionalInt;

/**
 * A function view (official 2.x).
 *
 * @param name        canonical name; clients query it like a table
 * @param index       the id passed to {@code __call_view__} or {@code __call_view_anon__}
 * @param isAnonymous true if one result is shared by every caller
 * @param isPublic    whether clients may read it
 * @param returnType  {@code Array(Ref T)}, {@code Option<Ref T>} or a query-builder product
 * @param rowType     T, inlined
 * @param primaryKey  the row column clients treat as primary key, if declared
 */
public record ViewSchema(String name, String sourceName, int index, boolean isAnonymous, boolean isPublic,
        AlgebraicType returnType, ProductType rowType, OptionalInt primaryKey) {
}
