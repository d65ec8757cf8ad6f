package dev.lightcone.ingest;

import dev.lightcone.executor.ProcedureResult;

/**
 * A procedure's result and the log offset its reply must follow: that of its last committed
 * transaction, or the offset the writer had applied when it returned (so the reply goes out after the
 * updates of its own transactions).
 */
public record ProcedureCall(ProcedureResult result, long offset) {
}
