package dev.lightcone.ingest;

import dev.lightcone.sats.LightconeException;

/** Too many commands are waiting for the writer; the caller should retry later. */
public final class IngestOverloadedException extends LightconeException {
    private static final long serialVersionUID = 1L;

    public IngestOverloadedException(int maxInFlight) {
        super("the database is overloaded: " + maxInFlight + " commands are already waiting; try again later");
    }
}
