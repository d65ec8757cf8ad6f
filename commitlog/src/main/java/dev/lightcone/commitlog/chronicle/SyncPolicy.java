package dev.lightcone.commitlog.chronicle;

/** When a Chronicle-backed log forces the records it wrote to disk. */
public enum SyncPolicy {
    /** Every group-commit batch is forced before its records count as durable (the command log). */
    EVERY_BATCH,
    /**
     * Batches gather for a few milliseconds and are forced at most once a second and on close: for derived
     * data that can be rebuilt (the effect log), where nobody waits for durability.
     */
    WRITE_BEHIND
}
