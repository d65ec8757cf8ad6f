package dev.lightcone.executor;

/** How a reducer call (or lifecycle hook) ended; anything but {@link Committed} rolled back. */
public sealed interface ReducerOutcome {
    /** The transaction committed. */
    record Committed() implements ReducerOutcome {
    }

    /** The reducer returned an error; {@code message} is its text. */
    record Failed(String message) implements ReducerOutcome {
    }

    /**
     * The call could not complete: the module trapped, the host refused the call, or the call ran
     * past its time limit. {@code message} is what the caller is told; {@code detail} what the log gets.
     */
    record InternalError(String message, String detail) implements ReducerOutcome {
    }

    /** The message clients see when a module traps, as SpacetimeDB words it. */
    String FATAL_ERROR = "The instance encountered a fatal error.";

    /** The message clients see when a call runs out of its budget. */
    String OUT_OF_ENERGY = "reducer ran out of energy";

    ReducerOutcome COMMITTED = new Committed();

    default boolean committed() {
        return this instanceof Committed;
    }
}
