package dev.lightcone.ingest;

import dev.lightcone.executor.CallCheck;
import dev.lightcone.sats.LightconeException;

/** A request ingest refused before logging it (unknown function, bad arguments, lifecycle reducer, no module). */
public final class RequestRefusedException extends LightconeException {
    private static final long serialVersionUID = 1L;

    private final CallCheck.Reason reason;

    public RequestRefusedException(CallCheck.Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why it was refused. */
    public CallCheck.Reason reason() {
        return reason;
    }
}
