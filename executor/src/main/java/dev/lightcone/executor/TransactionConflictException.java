package dev.lightcone.executor;

/**
 * A procedure transaction could not commit because a table it read changed after it read it; the
 * procedure may run its transaction again.
 */
public final class TransactionConflictException extends RuntimeException {
    public TransactionConflictException(String message) {
        super(message);
    }
}
