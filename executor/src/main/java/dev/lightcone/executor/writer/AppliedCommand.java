package dev.lightcone.executor.writer;

import dev.lightcone.commitlog.record.Command;
import dev.lightcone.executor.TxEffect;
import java.util.List;

/**
 * A command the writer has applied, with every transaction it ran. Handed downstream in offset order.
 *
 * @param offset       the command's log offset
 * @param command      the command
 * @param transactions the transactions it ran, in order (may be empty: e.g. a cancelled schedule)
 * @param error        why the command could not run at all (e.g. a module that failed to load), or null
 */
public record AppliedCommand(long offset, Command command, List<TxEffect> transactions, String error) {
    public AppliedCommand {
        transactions = List.copyOf(transactions);
    }
}
