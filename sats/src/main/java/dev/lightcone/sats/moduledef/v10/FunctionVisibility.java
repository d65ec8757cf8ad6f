package dev.lightcone.sats.moduledef.v10;

/** Who may call a reducer or procedure (BSATN tags Private = 0, ClientCallable = 1). */
public enum FunctionVisibility {
    PRIVATE,
    CLIENT_CALLABLE
}
