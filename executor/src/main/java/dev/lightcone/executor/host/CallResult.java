package dev.lightcone.executor.host;

/** How a call into the module ended. */
public sealed interface CallResult {
    /** The export returned {@code code}; {@code output} holds what it wrote to its sink. */
    record Returned(int code, byte[] output) implements CallResult {
    }

    /**
     * The call trapped (or was stopped); the instance has been discarded.
     *
     * @param message  what happened, for the log
     * @param timedOut true if the call ran past its time limit
     */
    record Trapped(String message, boolean timedOut) implements CallResult {
    }
}
