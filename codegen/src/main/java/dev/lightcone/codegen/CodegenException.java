package dev.lightcone.codegen;

import dev.lightcone.sats.LightconeException;

/** The module definition uses something the generator cannot express; the message names it. */
public final class CodegenException extends LightconeException {
    private static final long serialVersionUID = 1L;

    /** An exception saying what cannot be generated and where. */
    public CodegenException(String message) {
        super(message);
    }
}
