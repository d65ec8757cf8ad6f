/**
 * The SQL endpoint ({@code POST /v1/database/<db>/sql}): {@link dev.lightcone.materializer.engine.SqlEngine}
 * parses and authorizes one statement into a {@link dev.lightcone.materializer.engine.PreparedStatement};
 * the caller then runs a {@link dev.lightcone.materializer.engine.PreparedQuery} against a committed
 * snapshot or a {@link dev.lightcone.materializer.engine.PreparedDml} inside a transaction it opened and
 * will commit (or roll back). Results carry the schema and SATS-JSON rows of the HTTP response.
 */
package dev.lightcone.materializer.engine;
