package dev.lightcone.executor;

/** How a reducer call (or lifecycle hook) ended; anything but {@link Committed} rolled back. */
public sealed interface TxOutcome {
    /** The transaction committed. */
    record Committed() implements TxOutcome {
    }

    /** The reducer returned an error; {@code message} is its text. */
    record Failed(String message) implements TxOutcome {
    }

    /**
     * The call could not complete: the module trapped, the host refused the call, or the call ran
     * past its time limit. {@code message} is what the caller is told; {@code detail} what the log gets.
     */
    record InternalError(String message, String detail) implements TxOutcome {
    }

    /** The message clients see when a module traps, as SpacetimeDB words it. */
    String FATAL_ERROR = "The instance encountered a fatal error.";

    /** The message clients see when a call runs out of its budget. */
    String OUT_OF_ENERGY = "reducer ran out of energy";

    TxOutcome COMMITTED = new Committed();

    default boolean committed() {
        return this instanceof Committed;
    }
}
