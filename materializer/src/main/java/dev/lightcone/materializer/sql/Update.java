package dev.lightcone.materializer.sql;

import java.util.List;
import java.util.Optional;

/** {@code UPDATE table SET c = lit, ... [WHERE where]}. */
public record Update(String table, List<Assignment> assignments, Optional<Expr> where) implements Statement {
    public Update {
        assignments = List.copyOf(assignments);
    }
}
