package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.AlgebraicValue;

/**
 * A module definition exactly as the module emitted it, before validation.
 *
 * @param version 9 or 10 (the {@code RawModuleDef} variant)
 * @param value   the decoded definition as a SATS value of the raw definition's own type
 * @param bytes   the BSATN bytes from {@code __describe_module__}
 */
public record RawModuleDef(int version, AlgebraicValue value, byte[] bytes) {
}
