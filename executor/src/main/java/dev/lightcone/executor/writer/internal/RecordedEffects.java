package dev.lightcone.executor.writer.internal;

import dev.lightcone.executor.datastore.TableChanges;
import java.util.List;

/**
 * What one command changed, enough to redo it without running WebAssembly: the row changes of
 * each committed transaction and the sequence positions it moved (failed transactions move
 * sequences too). This is the effect log's payload; {@link EffectCodec} writes it.
 *
 * @param transactions per transaction: committed or not, and its changes
 * @param sequences    sequences whose position changed, with the new position
 * @param fired        the schedule firing this command performed, or null
 * @param error        why the command could not run at all (e.g. a refused module update), or null
 */
public record RecordedEffects(List<Tx> transactions, List<SequenceState> sequences, ScheduleKey fired, String error) {
    public RecordedEffects {
        transactions = List.copyOf(transactions);
        sequences = List.copyOf(sequences);
    }

    /** One transaction's record: its timestamp, whether it committed, and its changes per table. */
    public record Tx(long timestampMicros, boolean committed, List<TableChanges> changes) {
        public Tx {
            changes = List.copyOf(changes);
        }
    }
}
