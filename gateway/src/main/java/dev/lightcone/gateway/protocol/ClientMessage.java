package dev.lightcone.gateway.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A v2 client-to-server message (client-protocol §6.2). The cases are declared in wire-tag order. Byte arrays are
 * owned by the record and not copied.
 */
public sealed interface ClientMessage {

    /** The client's request id ({@code u32}, unsigned). */
    int requestId();

    /** Tag 0: subscribe a whole query set (several SQL queries) under a client-chosen id. */
    record Subscribe(int requestId, QuerySetId querySetId, List<String> queryStrings) implements ClientMessage {
        /** Copies the list. */
        public Subscribe {
            Objects.requireNonNull(querySetId, "querySetId");
            queryStrings = List.copyOf(queryStrings);
        }
    }

    /** Tag 1: drop a query set. */
    record Unsubscribe(int requestId, QuerySetId querySetId, UnsubscribeFlags flags) implements ClientMessage {
        /** Checks for nulls. */
        public Unsubscribe {
            Objects.requireNonNull(querySetId, "querySetId");
            Objects.requireNonNull(flags, "flags");
        }
    }

    /** Tag 2: run one query once. */
    record OneOffQuery(int requestId, String queryString) implements ClientMessage {
        /** Checks for nulls. */
        public OneOffQuery {
            Objects.requireNonNull(queryString, "queryString");
        }
    }

    /** Tag 3: call a reducer; {@code args} is the BSATN of its parameter product. */
    record CallReducer(int requestId, CallFlags flags, String reducer, byte[] args) implements ClientMessage {
        /** Checks for nulls. */
        public CallReducer {
            Objects.requireNonNull(flags, "flags");
            Objects.requireNonNull(reducer, "reducer");
            Objects.requireNonNull(args, "args");
        }

        /** A call with the default flags. */
        public static CallReducer of(int requestId, String reducer, byte[] args) {
            return new CallReducer(requestId, CallFlags.DEFAULT, reducer, args);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CallReducer c && requestId == c.requestId && flags == c.flags
                    && reducer.equals(c.reducer) && Arrays.equals(args, c.args);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, flags, reducer, Arrays.hashCode(args));
        }

        @Override
        public String toString() {
            return "CallReducer[requestId=" + Integer.toUnsignedString(requestId) + ", flags=" + flags
                    + ", reducer=" + reducer + ", args=" + Bytes.show(args) + "]";
        }
    }

    /** Tag 4: call a procedure; {@code args} is the BSATN of its parameter product. */
    record CallProcedure(int requestId, CallFlags flags, String procedure, byte[] args) implements ClientMessage {
        /** Checks for nulls. */
        public CallProcedure {
            Objects.requireNonNull(flags, "flags");
            Objects.requireNonNull(procedure, "procedure");
            Objects.requireNonNull(args, "args");
        }

        /** A call with the default flags. */
        public static CallProcedure of(int requestId, String procedure, byte[] args) {
            return new CallProcedure(requestId, CallFlags.DEFAULT, procedure, args);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CallProcedure c && requestId == c.requestId && flags == c.flags
                    && procedure.equals(c.procedure) && Arrays.equals(args, c.args);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, flags, procedure, Arrays.hashCode(args));
        }

        @Override
        public String toString() {
            return "CallProcedure[requestId=" + Integer.toUnsignedString(requestId) + ", flags=" + flags
                    + ", procedure=" + procedure + ", args=" + Bytes.show(args) + "]";
        }
    }
}
