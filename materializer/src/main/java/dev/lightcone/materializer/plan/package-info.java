/**
 * Name resolution, type checking and compiled, immutable query plans over BSATN rows.
 *
 * <p>A parsed {@link dev.lightcone.materializer.sql.Select} is bound against a {@link
 * dev.lightcone.materializer.plan.Catalog} for one {@link dev.lightcone.materializer.plan.SqlCaller}:
 * tables resolve by canonical name or accessor alias (private tables are invisible to non-owners),
 * literals are coerced to the column types into BSATN once, {@code :sender} becomes the caller's
 * identity, and row-level-security rules are substituted for every table the query reads. The result
 * is a union (bag) of conjunctive fragments; each fragment evaluates by index seeks/ranges where a
 * predicate allows and compares column bytes in place, without decoding rows.
 *
 * <p>{@link dev.lightcone.materializer.plan.CompiledQuery} is a subscription query: it evaluates in
 * full for initial rows and incrementally, from one transaction's changes, for deltas. All plans are
 * immutable and safe to share between threads; the {@link dev.lightcone.materializer.plan.TableReader}
 * passed in decides which state is read.
 */
package dev.lightcone.materializer.plan;
