package dev.lightcone.executor.datastore;

import dev.lightcone.sats.LightconeException;

/** A datastore operation that was refused; the transaction stays usable and unchanged by it. */
public abstract sealed class DatastoreException extends LightconeException
        permits UniqueConstraintViolationException, NoSuchRowException, IndexNotUniqueException,
        WrongIndexAlgorithmException, SequenceExhaustedException, NoSuchTableException, NoSuchIndexException {
    private static final long serialVersionUID = 1L;

    protected DatastoreException(String message) {
        super(message);
    }
}
