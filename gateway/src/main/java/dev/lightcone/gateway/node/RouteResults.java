package dev.lightcone.gateway.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.executor.TxEffect;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.gateway.service.CallOutcome;
import dev.lightcone.gateway.service.ServiceException;
import dev.lightcone.gateway.service.ServiceFailure;
import dev.lightcone.gateway.service.SqlStatementResult;
import dev.lightcone.ingest.RequestRefusedException;
import dev.lightcone.materializer.engine.SqlResult;
import java.util.ArrayList;
import java.util.List;

/** What the HTTP routes answer: for an applied record, a refused request, or a SQL statement's result. */
final class RouteResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RouteResults() {
    }

    /** The outcome of a call ingest refused (or could not log). */
    static CallOutcome refusedOutcome(Throwable failure) {
        Throwable e = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (e instanceof dev.lightcone.commitlog.DiskFullException full) {
            throw full; // not the call's outcome: nothing was logged; the route answers 507
        }
        if (e instanceof RequestRefusedException r) {
            return switch (r.reason()) {
                case NO_SUCH_FUNCTION -> new CallOutcome.NoSuchFunction(r.getMessage());
                case LIFECYCLE, INVALID_ARGUMENTS -> new CallOutcome.BadCall(r.getMessage());
            };
        }
        return new CallOutcome.Failed(e.getMessage());
    }

    static boolean committed(AppliedCommand c) {
        return c.error() == null && !c.transactions().isEmpty() && c.transactions().get(0).committed();
    }

    static String failure(AppliedCommand c) {
        if (c.error() != null) {
            return c.error();
        }
        TxOutcome o = c.transactions().get(0).outcome();
        return o instanceof TxOutcome.Failed f ? f.message() : ((TxOutcome.InternalError) o).message();
    }

    static CallOutcome callOutcome(AppliedCommand c) {
        if (c.error() != null || c.transactions().isEmpty()) {
            return new CallOutcome.Failed(c.error() == null ? "the call did not run" : c.error());
        }
        TxEffect tx = c.transactions().get(0);
        TxOutcome o = tx.outcome();
        if (o instanceof TxOutcome.Committed) {
            return new CallOutcome.Committed(0, tx.durationMicros());
        }
        if (o instanceof TxOutcome.Failed f) {
            return new CallOutcome.Failed(f.message());
        }
        String m = ((TxOutcome.InternalError) o).message();
        if (m.equals(TxOutcome.OUT_OF_ENERGY)) {
            return new CallOutcome.OutOfEnergy();
        }
        if (m.startsWith("no such reducer")) {
            return new CallOutcome.NoSuchFunction(m);
        }
        if (m.startsWith("invalid arguments") || m.startsWith("can't directly call")) {
            return new CallOutcome.BadCall(m);
        }
        return new CallOutcome.Failed(m);
    }

    static Throwable cause(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    static SqlStatementResult queryResult(SqlResult r, long startNanos) {
        List<JsonNode> rows = new ArrayList<>();
        r.jsonRows().forEach(rows::add);
        return new SqlStatementResult(r.schemaJson(), rows, (System.nanoTime() - startNanos) / 1_000,
                SqlStatementResult.SqlStats.NONE);
    }

    /** The result of a logged DML statement: counts from its committed changes, or its error as a 400. */
    static SqlStatementResult dmlResult(AppliedCommand applied, String sql, long startNanos) {
        if (applied.error() != null || applied.transactions().isEmpty()) {
            throw new ServiceException(ServiceFailure.BAD_REQUEST, applied.error() == null ? "the statement did not run"
                    : applied.error());
        }
        TxEffect tx = applied.transactions().get(0);
        if (!tx.committed()) {
            throw new ServiceException(ServiceFailure.BAD_REQUEST, failure(applied));
        }
        long inserted = tx.changes().stream().mapToLong(c -> c.inserts().size()).sum();
        long deleted = tx.changes().stream().mapToLong(c -> c.deletes().size()).sum();
        boolean update = sql.stripLeading().regionMatches(true, 0, "UPDATE", 0, 6);
        SqlStatementResult.SqlStats stats = update ? new SqlStatementResult.SqlStats(0, 0, inserted)
                : new SqlStatementResult.SqlStats(inserted, deleted, 0);
        return new SqlStatementResult(JSON.createObjectNode().set("elements", JSON.createArrayNode()), List.of(),
                (System.nanoTime() - startNanos) / 1_000, stats);
    }
}
