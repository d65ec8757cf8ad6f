package dev.lightcone.executor.datastore;

/** A table id or name that the datastore does not know. */
public final class NoSuchTableException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public NoSuchTableException(String what) {
        super("no such table: " + what);
    }
}
