package dev.lightcone.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** How an HTTP reducer or procedure call ({@code POST /v1/database/{db}/call/{name}}) ended. */
public sealed interface CallOutcome {

    /** 200, empty body: the reducer committed. */
    record Committed(long energyUsed, long durationMicros) implements CallOutcome {
    }

    /** 200 with the SATS-JSON return value: the procedure returned. */
    record ProcedureReturned(JsonNode value, long durationMicros) implements CallOutcome {
        /** Checks for nulls. */
        public ProcedureReturned {
            Objects.requireNonNull(value, "value");
        }
    }

    /** 530 with the text: the reducer returned an error or panicked; nothing committed. */
    record Failed(String message) implements CallOutcome {
        /** Checks for nulls. */
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }

    /** 402 {@code Module energy budget exhausted.} */
    record OutOfEnergy() implements CallOutcome {
    }

    /** 404 with a text starting {@code no such reducer}. */
    record NoSuchFunction(String message) implements CallOutcome {
        /** Checks for nulls. */
        public NoSuchFunction {
            Objects.requireNonNull(message, "message");
        }
    }

    /** 400 with a text starting {@code invalid arguments for reducer}, or naming a lifecycle reducer. */
    record BadCall(String message) implements CallOutcome {
        /** Checks for nulls. */
        public BadCall {
            Objects.requireNonNull(message, "message");
        }
    }
}
