/**
 * The SQL subset's syntax: a hand-written lexer and recursive-descent parser producing an immutable
 * AST of sealed interfaces and records ({@link dev.lightcone.materializer.sql.Statement},
 * {@link dev.lightcone.materializer.sql.Expr}). Names are not resolved here; that is the planner's job
 * ({@code materializer.plan}). Every error is a {@link dev.lightcone.materializer.sql.SqlException}.
 */
package dev.lightcone.materializer.sql;
