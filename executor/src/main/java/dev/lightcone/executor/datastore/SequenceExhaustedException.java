package dev.lightcone.executor.datastore;

/** An auto-increment sequence reached its maximum and cannot wrap. */
public final class SequenceExhaustedException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public SequenceExhaustedException(String sequence) {
        super("sequence '" + sequence + "' is exhausted");
    }
}
