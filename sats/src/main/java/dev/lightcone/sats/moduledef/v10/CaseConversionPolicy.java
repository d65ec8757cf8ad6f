package dev.lightcone.sats.moduledef.v10;

/** How source names become canonical names (BSATN tags None = 0, SnakeCase = 1; SnakeCase when absent). */
public enum CaseConversionPolicy {
    NONE,
    SNAKE_CASE
}
