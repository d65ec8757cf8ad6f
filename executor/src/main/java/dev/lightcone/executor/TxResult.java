package dev.lightcone.executor;

import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.sats.Timestamp;
import java.util.List;

/**
 * The result of running one transaction in a {@link ModuleHost}.
 *
 * @param outcome        committed or why not
 * @param changes        the committed row changes per table (empty unless committed)
 * @param timestamp      the transaction's timestamp, as the reducer saw it
 * @param durationMicros wall time spent executing, for metrics and the caller's headers
 */
public record TxResult(TxOutcome outcome, List<TableChanges> changes, Timestamp timestamp, long durationMicros) {
    public TxResult {
        changes = List.copyOf(changes);
    }
}
