package dev.lightcone.materializer.runtime.internal;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.view.ViewFailedException;
import dev.lightcone.executor.view.ViewResult;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.materializer.engine.SqlEngine;
import dev.lightcone.materializer.plan.Catalog;
import dev.lightcone.materializer.plan.QueryCompiler;
import dev.lightcone.materializer.plan.SqlCaller;
import dev.lightcone.materializer.plan.TableReader;
import dev.lightcone.materializer.subscription.QuerySetFailure;
import dev.lightcone.materializer.subscription.SubscriptionManager;
import dev.lightcone.sats.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The materializer's state that must be read at exactly one committed offset, so it lives on the writer
 * thread: the subscriptions and the SQL engine of the loaded module, rebuilt when a publish replaces it.
 * Use only on the writer thread.
 */
public final class WriterSide {
    private final DatabaseWriter writer;
    private ModuleHost compiledFor;
    private SubscriptionManager subscriptions;
    private SqlEngine sql;
    private List<QuerySetFailure> adoptionFailures = List.of();

    public WriterSide(DatabaseWriter writer) {
        this.writer = writer;
    }

    /** True once a module is loaded. */
    public boolean ready() {
        return writer.host().isPresent();
    }

    private void refresh() {
        ModuleHost h = writer.host().orElseThrow(() -> new IllegalStateException("the database has no module"));
        if (h != compiledFor) {
            compiledFor = h;
            SubscriptionManager previous = subscriptions;
            QueryCompiler compiler = new QueryCompiler(Catalog.of(h.schema()).withQueryViews((view, sender) -> {
                ViewResult r = h.evaluateView(view, sender, Timestamp.ofInstant(Instant.now()));
                if (!(r instanceof ViewResult.Query q)) {
                    throw new ViewFailedException(view.name(), "it returned rows where a query was declared");
                }
                return q.sql();
            }));
            subscriptions = new SubscriptionManager(compiler);
            sql = new SqlEngine(compiler);
            if (previous != null) {
                // A publish replaced the module: subscriptions carry over to it, or fail if they no longer compile.
                adoptionFailures = subscriptions.adopt(previous, state());
            }
        }
    }

    public SubscriptionManager subscriptions() {
        refresh();
        return subscriptions;
    }

    /** The query sets dropped because they no longer compile against a newly published module; then forgotten. */
    public List<QuerySetFailure> takeAdoptionFailures() {
        refresh();
        List<QuerySetFailure> out = adoptionFailures;
        adoptionFailures = List.of();
        return out;
    }

    public SqlEngine sql() {
        refresh();
        return sql;
    }

    /** The committed state as the writer left it after its last record. */
    public TableReader state() {
        return TableReader.committed(writer.host().orElseThrow().datastore());
    }

    /** Distinct queries evaluated per transaction (0 before the first subscription); may be a moment stale. */
    /** The committed state for a one-off query by {@code caller} (views it has no instance of computed on the spot). */
    public TableReader stateForQuery(SqlCaller caller) {
        return TableReader.forQuery(writer.host().orElseThrow(), caller.identity());
    }

    public int sharedQueryCount() {
        SubscriptionManager s = subscriptions;
        return s == null ? 0 : s.sharedQueryCount();
    }
}
