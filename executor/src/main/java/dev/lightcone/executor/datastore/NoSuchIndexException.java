package dev.lightcone.executor.datastore;

/** An index id or name that the datastore does not know. */
public final class NoSuchIndexException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public NoSuchIndexException(String what) {
        super("no such index: " + what);
    }
}
