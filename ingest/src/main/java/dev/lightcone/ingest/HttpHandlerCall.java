package dev.lightcone.ingest;

import dev.lightcone.executor.HttpHandlerResult;

/**
 * An HTTP handler's result and the log offset its answer must follow: that of its last committed
 * transaction, or the offset the writer had applied when it returned.
 */
public record HttpHandlerCall(HttpHandlerResult result, long offset) {
}
