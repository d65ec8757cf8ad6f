package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ProductType;

/** A validated procedure; {@code id} is its position in the Procedures section. */
public record ProcedureSchema(int id, String name, String sourceName, ProductType params, AlgebraicType returnType,
        boolean clientCallable) {
}
