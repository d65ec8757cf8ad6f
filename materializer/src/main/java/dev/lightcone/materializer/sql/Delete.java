package dev.lightcone.materializer.sql;

import java.util.Optional;

/** {@code DELETE FROM table [WHERE where]}. */
public record Delete(String table, Optional<Expr> where) implements Statement {
}
