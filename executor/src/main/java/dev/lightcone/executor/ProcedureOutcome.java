package dev.lightcone.executor;

import java.util.Arrays;
import java.util.HexFormat;

/** How a procedure call ended. Its transactions committed or not independently of this. */
public sealed interface ProcedureOutcome {
    /**
     * The procedure returned; {@code value} is the BSATN of its declared return type, already
     * checked against that type (empty for a unit return).
     */
    record Returned(byte[] value) implements ProcedureOutcome {
        public Returned {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
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
            return "Returned[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /**
     * The procedure trapped, ran out of time, returned a non-zero code or a value that does not
     * decode, or the host refused the call. {@code message} is what the caller is told (the same
     * texts as {@link TxOutcome.InternalError}); {@code detail} what the log gets.
     */
    record InternalError(String message, String detail) implements ProcedureOutcome {
    }

    default boolean returned() {
        return this instanceof Returned;
    }
}
