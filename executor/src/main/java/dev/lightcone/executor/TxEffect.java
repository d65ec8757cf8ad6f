package dev.lightcone.executor;

import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.util.List;

/**
 * The immutable outcome of one transaction, handed by the writer to everything downstream
 * (subscriptions, callers, the effect log). A command may run several transactions (a schedule
 * firing and the deletion of its row; a failed disconnect hook and the cleanup), numbered by {@code index}.
 *
 * @param offset       the command-log offset of the command that ran it
 * @param index        its position among that command's transactions
 * @param timestamp    the transaction's timestamp, as the module saw it
 * @param caller       who called (the database itself for schedules and cleanups)
 * @param connectionId the caller's connection, {@link ConnectionId#ZERO} if none
 * @param function     the reducer or hook that ran, or null for host-only transactions
 * @param outcome      committed or why not
 * @param changes      committed row changes per table, in table-id order (empty unless committed)
 * @param durationMicros execution time
 */
public record TxEffect(long offset, int index, Timestamp timestamp, Identity caller, ConnectionId connectionId,
        String function, TxOutcome outcome, List<TableChanges> changes, long durationMicros) {
    public TxEffect {
        changes = List.copyOf(changes);
    }

    public boolean committed() {
        return outcome.committed();
    }
}
