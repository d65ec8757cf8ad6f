package dev.lightcone.executor.writer.internal;

/**
 * The effect log could not be read during recovery (a checksum mismatch, undecodable effects, effects out of step
 * with the command log). The effect log is derived data: the writer discards it and recovers again from the
 * command log.
 */
public final class DamagedEffectLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DamagedEffectLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
