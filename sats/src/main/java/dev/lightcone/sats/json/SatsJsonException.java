package dev.lightcone.sats.json;

/** JSON that does not match the expected SATS type; the message names the JSON path. */
public final class SatsJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SatsJsonException(String path, String message) {
        super(message + " at " + path);
    }
}
