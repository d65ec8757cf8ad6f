package dev.lightcone.sats.moduledef;

/** A raw table's visibility to non-owners (BSATN tags Public = 0, Private = 1). */
public enum TableAccess {
    PUBLIC,
    PRIVATE
}
