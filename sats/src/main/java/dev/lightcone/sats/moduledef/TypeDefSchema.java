package dev.lightcone.sats.moduledef;

import java.util.List;

/** A named type of the module: its scoped name and typespace slot. */
public record TypeDefSchema(List<String> scope, String name, int typeRef, boolean customOrdering) {
    public TypeDefSchema {
        scope = List.copyOf(scope);
    }
}
