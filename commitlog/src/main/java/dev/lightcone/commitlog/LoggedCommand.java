package dev.lightcone.commitlog;

import dev.lightcone.commitlog.record.Command;

/** A command together with the log offset it was assigned: its place in the global order. */
public record LoggedCommand(long offset, Command command) {
}
