package dev.lightcone.executor.host;

/**
 * Thrown inside a host function to abort the guest's call (a trap), e.g. for a NULL or
 * out-of-bounds pointer. The reducer's transaction is rolled back and the instance discarded.
 */
public final class HostTrap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HostTrap(String message) {
        super(message);
    }

    public HostTrap(String message, Throwable cause) {
        super(message, cause);
    }
}
