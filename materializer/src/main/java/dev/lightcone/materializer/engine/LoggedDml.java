package dev.lightcone.materializer.engine;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.writer.SqlDml;
import dev.lightcone.materializer.plan.SqlCaller;
import dev.lightcone.materializer.plan.Catalog;
import dev.lightcone.materializer.plan.QueryCompiler;
import dev.lightcone.sats.LightconeException;
import java.util.List;

/**
 * Runs logged SQL DML records for the writer: prepares the statement against the current module's
 * schema and executes it in one host transaction. Used only on the writer thread; the compiled
 * catalog is kept for as long as the module does not change.
 */
public final class LoggedDml implements SqlDml {
    private ModuleHost compiledFor;
    private SqlEngine engine;

    @Override
    public TxResult execute(ModuleHost host, CallContext ctx, String sql) {
        if (host != compiledFor) {
            engine = new SqlEngine(new QueryCompiler(Catalog.of(host.schema())));
            compiledFor = host;
        }
        SqlCaller caller = ctx.caller().equals(host.owner()) ? SqlCaller.owner(ctx.caller()) : SqlCaller.client(ctx.caller());
        PreparedStatement p;
        try {
            p = engine.prepare(sql, caller);
        } catch (LightconeException e) {
            return failed(ctx, e.getMessage());
        }
        if (!(p instanceof PreparedDml dml)) {
            return failed(ctx, "only INSERT, UPDATE and DELETE are logged; this is a query");
        }
        return host.hostTransaction(ctx, dml::execute);
    }

    private static TxResult failed(CallContext ctx, String message) {
        return new TxResult(new TxOutcome.Failed(message), List.of(), ctx.timestamp(), 0);
    }
}
