package dev.lightcone.executor.host;

import dev.lightcone.sats.LightconeException;

/** A module that cannot be loaded: bad WebAssembly, wrong ABI, missing exports, failed start-up. */
public final class ModuleLoadException extends LightconeException {
    private static final long serialVersionUID = 1L;

    public ModuleLoadException(String message) {
        super(message);
    }

    public ModuleLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
