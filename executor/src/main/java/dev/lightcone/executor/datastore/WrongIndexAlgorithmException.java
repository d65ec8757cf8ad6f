package dev.lightcone.executor.datastore;

/** A range scan on an index that only answers point lookups (hash). */
public final class WrongIndexAlgorithmException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public WrongIndexAlgorithmException(String index) {
        super("index '" + index + "' is a hash index and cannot answer range scans");
    }
}
