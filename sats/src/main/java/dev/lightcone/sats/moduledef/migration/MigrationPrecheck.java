package dev.lightcone.sats.moduledef.migration;

/** A check on the current data that must pass before a plan is applied. */
public sealed interface MigrationPrecheck {

    /**
     * An added (or changed) sequence: no existing value of its column may lie in the sequence's range,
     * or the sequence would hand out a value that exists already.
     */
    record SequenceRangeFree(String table, String sequence) implements MigrationPrecheck {
    }
}
