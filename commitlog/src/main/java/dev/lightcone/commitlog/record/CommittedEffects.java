package dev.lightcone.commitlog.record;

import dev.lightcone.sats.Timestamp;
import java.util.Arrays;

/**
 * The committed effects of non-deterministic work (a procedure's transaction), logged as a result
 * because re-running it would not reproduce it.
 *
 * <p>The transaction was drafted against the state after {@code readOffset}, touching the tables in
 * {@code readTables}. The writer applies it only if no record between {@code readOffset} and this one
 * committed a change to one of those tables (or replaced the module); otherwise it refuses it as a
 * conflict and the procedure retries. Every node decides the same from the log alone (optimistic
 * concurrency, design §6). {@link #UNCONDITIONAL} marks records written before the read window existed.
 *
 * @param readOffset the offset of the last record applied when the transaction read the state
 * @param readTables ids of the tables the transaction read or wrote, ascending; owned by the record
 * @param effects    opaque effect bytes in the executor's format; owned by the record
 */
public record CommittedEffects(Timestamp timestamp, long readOffset, int[] readTables, byte[] effects) implements Command {
    /** The read offset of a record that applies without a conflict check. */
    public static final long UNCONDITIONAL = Long.MIN_VALUE;

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitCommittedEffects(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommittedEffects c && c.timestamp.equals(timestamp) && c.readOffset == readOffset
                && Arrays.equals(c.readTables, readTables) && Arrays.equals(c.effects, effects);
    }

    @Override
    public int hashCode() {
        return (timestamp.hashCode() * 31 + Long.hashCode(readOffset)) * 31 + Arrays.hashCode(effects);
    }

    @Override
    public String toString() {
        return "CommittedEffects[timestamp=" + timestamp + ", readOffset=" + readOffset + ", readTables="
                + Arrays.toString(readTables) + ", effects=" + effects.length + " bytes]";
    }
}
