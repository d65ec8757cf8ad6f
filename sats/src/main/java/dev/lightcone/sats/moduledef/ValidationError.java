package dev.lightcone.sats.moduledef;

/**
 * One problem found while validating a module definition.
 *
 * @param kind    what kind of definition is wrong
 * @param message a sentence naming the offending table, column, index, reducer, …
 */
public record ValidationError(Kind kind, String message) {

    /** The kind of definition a problem is about. */
    public enum Kind {
        INVALID_IDENTIFIER,
        DUPLICATE_NAME,
        TYPE,
        TABLE,
        COLUMN,
        PRIMARY_KEY,
        INDEX,
        CONSTRAINT,
        SEQUENCE,
        DEFAULT_VALUE,
        REDUCER,
        PROCEDURE,
        VIEW,
        LIFECYCLE,
        SCHEDULE,
        UNSUPPORTED,
        HTTP
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
