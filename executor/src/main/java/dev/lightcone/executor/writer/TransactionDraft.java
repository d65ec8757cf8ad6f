package dev.lightcone.executor.writer;

import dev.lightcone.commitlog.record.CommittedEffects;
import dev.lightcone.sats.Timestamp;

/**
 * A procedure transaction run against the committed state after {@code readOffset} but not applied:
 * it becomes a {@link CommittedEffects} record, which the writer applies if nothing it read changed
 * in between, or refuses as a conflict (the procedure then retries its transaction).
 *
 * @param timestamp  the transaction's timestamp, as the module saw it
 * @param readOffset the offset of the last record applied when it ran
 * @param tablesRead ids of the tables it read or wrote, ascending
 * @param effects    its changes and sequence positions, in the effect log's format
 */
public record TransactionDraft(Timestamp timestamp, long readOffset, int[] tablesRead, byte[] effects) {
    /** The {@link AppliedCommand#error()} prefix of a refused draft. */
    public static final String CONFLICT = "transaction conflict";

    /** The record that commits this draft, stamped {@code recordTime} by ingest. */
    public CommittedEffects toRecord(Timestamp recordTime) {
        return new CommittedEffects(recordTime, readOffset, tablesRead, effects);
    }

    /** True if {@code applied} is a draft the writer refused because something it read changed. */
    public static boolean refused(AppliedCommand applied) {
        return applied.error() != null && applied.error().startsWith(CONFLICT);
    }
}
