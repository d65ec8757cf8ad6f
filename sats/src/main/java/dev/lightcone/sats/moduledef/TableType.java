package dev.lightcone.sats.moduledef;

/** Whether a raw table is a system or user table (BSATN tags System = 0, User = 1); bindings emit User. */
public enum TableType {
    SYSTEM,
    USER
}
