package dev.lightcone.executor.datastore;

/** An update through an index that is not unique. */
public final class IndexNotUniqueException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public IndexNotUniqueException(String index) {
        super("index '" + index + "' is not unique, so it cannot be used to update rows");
    }
}
