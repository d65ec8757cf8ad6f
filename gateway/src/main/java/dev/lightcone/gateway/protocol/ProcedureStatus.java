package dev.lightcone.gateway.protocol;

import java.util.Arrays;
import java.util.Objects;

/** How a procedure call ended. */
public sealed interface ProcedureStatus {

    /** Tag 0: the procedure returned; {@code value} is the BSATN of its return value. */
    record Returned(byte[] value) implements ProcedureStatus {
        /** Checks for nulls; the array is owned by the record and not copied. */
        public Returned {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Returned r && Arrays.equals(value, r.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Returned[" + Bytes.show(value) + "]";
        }
    }

    /** Tag 1: the procedure failed inside the host. */
    record InternalError(String message) implements ProcedureStatus {
        /** Checks for nulls. */
        public InternalError {
            Objects.requireNonNull(message, "message");
        }
    }
}
