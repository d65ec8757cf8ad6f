package dev.lightcone.executor.datastore;

/** An insert or update would give two rows the same value in a unique column set. */
public final class UniqueConstraintViolationException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public UniqueConstraintViolationException(String table, String constraint, String columns, String value) {
        super("Unique constraint violation '" + constraint + "' in table '" + table + "': column(s): '" + columns
                + "' value: " + value);
    }
}
