package dev.lightcone.executor;

import dev.lightcone.sats.Timestamp;
import java.util.List;

/**
 * The result of running one HTTP handler in a {@link ModuleHost}.
 *
 * @param outcome        the handler's response, or why there is none
 * @param transactions   the transactions the handler committed, in order; they stay committed whatever the
 *                       outcome (a handler, like a procedure, is not atomic)
 * @param timestamp      the call's timestamp
 * @param durationMicros wall time from the call to its return
 */
public record HttpHandlerResult(HttpHandlerOutcome outcome, List<TxResult> transactions, Timestamp timestamp,
        long durationMicros) {

    public HttpHandlerResult {
        transactions = List.copyOf(transactions);
    }
}
