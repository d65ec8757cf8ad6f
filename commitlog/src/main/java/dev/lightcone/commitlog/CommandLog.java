package dev.lightcone.commitlog;

import dev.lightcone.commitlog.record.Command;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, totally ordered log of every state-changing input of one database.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Offsets</b> are dense and start at the log's first offset (0 for a new log): the n-th
 *       record appended gets {@code first + n}. The offset is the record's place in the global order.
 *   <li><b>Appends</b> may come from many threads. Each thread's records keep their relative order; the
 *       interleaving between threads is whatever the log assigned.
 *   <li><b>Visibility before durability.</b> A tailer may see a record before it is durable, so the
 *       executor can run ahead of the disk. Anything released to a client must first wait for
 *       {@link #whenDurable(long)} or check {@link #durableOffset()}.
 *   <li><b>Durability</b> only moves forward, and when it reaches {@code n} every record up to and
 *       including {@code n} survives a crash of the process or the machine.
 *   <li><b>Reopening</b> a log continues after the last intact record; a torn or corrupt tail is cut off
 *       and never returned.
 * </ul>
 *
 * <h2>Why a Kafka implementation fits this interface unchanged</h2>
 * In distributed mode one topic partition per database holds the log. Kafka assigns the offset, so
 * {@link #append} cannot know it before the broker answers: the Kafka implementation blocks in
 * {@code append} until the idempotent producer's send is acknowledged with {@code acks=all}, and by then
 * the record is also durable. {@link #appendAsync} exists so that non-blocking callers (event loops) can
 * use the producer callback instead of a parked thread; the embedded logs complete it at once.
 * Kafka offsets are dense as long as the topic is neither compacted nor written by transactional
 * producers (transaction markers take offsets), which the Kafka implementation must ensure.
 * {@link #durableOffset()} is the highest offset acknowledged to this node's producer or delivered to its
 * consumer, because a consumer only reads below the high watermark, which is replicated to all in-sync
 * replicas. {@link #tail(long)} is a consumer assigned to the partition and seeked to the offset; its
 * records are therefore always durable, which satisfies "visible no earlier than written". Group commit
 * is the producer's batching ({@code linger.ms}, {@code batch.size}). Nothing here names a file, a cycle or
 * a sync call, so the Chronicle-specific parts stay in the Chronicle implementation.
 */
public interface CommandLog extends AutoCloseable {

    /** Appends a record and returns its offset. Thread-safe; may block under back-pressure. */
    long append(Command command);

    /** Appends a record and completes with its offset; for callers that must not block. */
    default CompletableFuture<Long> appendAsync(Command command) {
        try {
            return CompletableFuture.completedFuture(append(command));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The offset of the oldest readable record (0 unless the log was truncated). */
    long firstOffset();

    /** The offset the next append will get, i.e. one past the newest appended record. */
    long endOffset();

    /** The highest offset known to be durable; -1 if none. */
    long durableOffset();

    /**
     * Completes with the durable offset once it is at least {@code offset}; fails if the log fails or
     * closes first. Completion runs on the log's sync thread, so attach heavy work with an async stage.
     */
    CompletableFuture<Long> whenDurable(long offset);

    /** A reader starting at {@code fromOffset} (at most {@link #endOffset()}); used by one thread. */
    LogTailer<LoggedCommand> tail(long fromOffset);

    /**
     * A reader for the one consumer that applies the log (the database's writer), starting at {@code fromOffset}.
     * It yields exactly what {@link #tail} would, but may take records appended through this object from memory
     * as soon as they have an offset, before they are written or read back (visibility before durability, as
     * above). {@code onAppend} runs on the appending thread after each append through this object, once the
     * follower can see the record, so an idle follower can park until then; records appended elsewhere (another
     * process, another node) are not announced. One follower per log.
     */
    LogTailer<LoggedCommand> follow(long fromOffset, Runnable onAppend);

    /**
     * Whether {@link #follow}'s {@code onAppend} announces every record the follower will see, because nothing but
     * this object appends to the log (a log only this process writes). An idle follower of such a log need not look
     * for records it was not told about; one of a shared log (Kafka) must.
     */
    default boolean announcesEveryAppend() {
        return false;
    }

    /** Group-commit counters. */
    LogMetrics metrics();

    /** Makes everything appended durable, stops the sync thread and releases files. */
    @Override
    void close();
}
