package dev.lightcone.materializer.plan;

import dev.lightcone.sats.moduledef.IndexSchema;

/**
 * How a pipeline reaches relation {@code key.relation()}: rows whose {@code key} column equals the
 * {@code probe} column of a relation placed earlier, found through {@code index} when there is one,
 * else through a hash table built once per evaluation.
 */
record JoinStep(ColumnAccessor probe, ColumnAccessor key, IndexSchema index) {
}
