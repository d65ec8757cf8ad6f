package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.AlgebraicType;

/** A table column: its position, canonical name and type (references inlined). */
public record ColumnSchema(int colId, String name, AlgebraicType type) {
}
