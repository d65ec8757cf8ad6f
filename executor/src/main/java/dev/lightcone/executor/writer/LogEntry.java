package dev.lightcone.executor.writer;

/**
 * One command-log record as an operator sees it.
 *
 * @param offset    its offset
 * @param kind      the record kind, e.g. {@code CallReducer}
 * @param timestamp RFC 3339 time of the record
 * @param caller    the caller's identity (hex), or empty
 * @param function  reducer, hook or table name, or empty
 * @param outcome   {@code committed}, {@code failed}, {@code error: …}, or {@code not applied} when no effect is recorded
 */
public record LogEntry(long offset, String kind, String timestamp, String caller, String function, String outcome) {
}
