package dev.lightcone.gateway.protocol;

import java.util.Arrays;
import java.util.Objects;

/** How a reducer call ended, as {@code ReducerResult} reports it to its caller. */
public sealed interface ReducerOutcome {

    /** Tag 0: committed, with the return value and the caller's own row changes. */
    record Ok(ReducerOk ok) implements ReducerOutcome {
        /** Checks for nulls. */
        public Ok {
            Objects.requireNonNull(ok, "ok");
        }
    }

    /** Tag 1: committed with an empty return value and no query-set changes (a legal shorthand). */
    record OkEmpty() implements ReducerOutcome {
    }

    /** Tag 2: the reducer returned an error; {@code error} is its BSATN (a BSATN string for string errors). */
    record Err(byte[] error) implements ReducerOutcome {
        /** Checks for nulls; the array is owned by the record and not copied. */
        public Err {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Err e && Arrays.equals(error, e.error);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(error);
        }

        @Override
        public String toString() {
            return "Err[" + Bytes.show(error) + "]";
        }
    }

    /** Tag 3: the call failed inside the host (panic, unknown reducer, bad arguments, out of energy). */
    record InternalError(String message) implements ReducerOutcome {
        /** Checks for nulls. */
        public InternalError {
            Objects.requireNonNull(message, "message");
        }
    }
}
