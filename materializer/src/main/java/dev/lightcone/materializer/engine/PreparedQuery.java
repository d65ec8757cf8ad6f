package dev.lightcone.materializer.engine;

import dev.lightcone.materializer.plan.SelectPlan;
import dev.lightcone.materializer.plan.TableReader;
import dev.lightcone.sats.ProductType;

/** A SELECT of the SQL route; runs against any consistent state (normally the committed one). */
public final class PreparedQuery implements PreparedStatement {
    private final String sql;
    private final SelectPlan plan;

    PreparedQuery(String sql, SelectPlan plan) {
        this.sql = sql;
        this.plan = plan;
    }

    @Override
    public String sql() {
        return sql;
    }

    /** The result schema. */
    public ProductType schema() {
        return plan.schema();
    }

    /** The compiled plan. */
    public SelectPlan plan() {
        return plan;
    }

    /** Runs the query. */
    public SqlResult execute(TableReader state) {
        return new SqlResult(plan.schema(), plan.rows(state), DmlStats.NONE);
    }
}
