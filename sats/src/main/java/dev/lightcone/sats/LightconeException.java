package dev.lightcone.sats;

/** The root of Lightcone's unchecked exceptions; subclasses are named after what the caller must do. */
public abstract class LightconeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected LightconeException(String message) {
        super(message);
    }

    protected LightconeException(String message, Throwable cause) {
        super(message, cause);
    }
}
