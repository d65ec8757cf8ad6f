package dev.lightcone.commitlog;

import java.util.concurrent.CompletableFuture;

/**
 * The log of committed transaction effects, each keyed by the command offset it derives from. It is
 * derived data: recovery replays effects after a snapshot instead of re-running WebAssembly, and the
 * command log can always rebuild it. Positions are the effect log's own dense offsets; command offsets
 * strictly increase but may have gaps (a command may commit nothing).
 */
public interface EffectLog extends AutoCloseable {

    /**
     * Appends the effects of the command at {@code commandOffset}, which must be greater than
     * {@link #lastCommandOffset()}; returns the record's position.
     */
    long append(long commandOffset, byte[] payload);

    /** The command offset of the newest intact effect record; -1 if the log is empty. */
    long lastCommandOffset();

    /** The position the next append will get. */
    long endPosition();

    /** The highest position known to be durable; -1 if none. */
    long durablePosition();

    /** Completes once {@code position} is durable; runs on the sync thread like {@link CommandLog#whenDurable}. */
    CompletableFuture<Long> whenDurable(long position);

    /** A reader starting at the first effect whose command offset is at least {@code commandOffset}. */
    LogTailer<LoggedEffect> tailFromCommand(long commandOffset);

    /** Group-commit counters. */
    LogMetrics metrics();

    /** Makes everything appended durable and releases files. */
    @Override
    void close();
}
