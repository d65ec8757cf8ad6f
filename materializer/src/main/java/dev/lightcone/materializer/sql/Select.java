package dev.lightcone.materializer.sql;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code SELECT projection FROM from [JOIN ...]* [WHERE where] [LIMIT limit]}.
 *
 * @param projection what each result row holds
 * @param from       the first relation
 * @param joins      inner equi-joins, in text order
 * @param where      the filter, if any
 * @param limit      the row limit, if any
 */
public record Select(Projection projection, TableRef from, List<Join> joins, Optional<Expr> where,
        OptionalLong limit) implements Statement {
    public Select {
        joins = List.copyOf(joins);
    }

    /** The number of relations in FROM. */
    public int relationCount() {
        return 1 + joins.size();
    }
}
