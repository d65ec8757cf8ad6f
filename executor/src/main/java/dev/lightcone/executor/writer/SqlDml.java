package dev.lightcone.executor.writer;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.host.CallContext;

/**
 * Executes a logged SQL DML statement against a database. The SQL engine lives above the executor
 * (in the materializer), so the writer is handed one; without it, DML records fail.
 */
@FunctionalInterface
public interface SqlDml {
    /** Runs {@code sql} as {@code ctx.caller()} in one transaction of {@code host}. */
    TxResult execute(ModuleHost host, CallContext ctx, String sql);

    /** Refuses every statement. */
    SqlDml NONE = (host, ctx, sql) -> new TxResult(new dev.lightcone.executor.TxOutcome.Failed(
            "this server cannot run SQL DML"), java.util.List.of(), ctx.timestamp(), 0);
}
