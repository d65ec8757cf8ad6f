package dev.lightcone.executor.datastore;

/** An update found no row with the new row's key. */
public final class NoSuchRowException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public NoSuchRowException(String table, String index) {
        super("no row in table '" + table + "' matches the key of index '" + index + "'");
    }
}
