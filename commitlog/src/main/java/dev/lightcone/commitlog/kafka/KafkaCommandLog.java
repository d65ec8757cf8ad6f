package dev.lightcone.commitlog.kafka;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.CommitLogException;
import dev.lightcone.commitlog.LogClosedException;
import dev.lightcone.commitlog.LogMetrics;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.commitlog.record.CommandCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A database's command log on Apache Kafka: one topic with one partition (one total order), written by an
 * idempotent producer with {@code acks=all}, so a record is durable exactly when its append is
 * acknowledged (the in-sync replicas have it). Offsets are Kafka offsets; they stay dense because the topic
 * is never compacted and never written transactionally. Every node of a cluster opens the same topic:
 * appends from any node land in one order, and each node's tailer reads them all.
 *
 * <p>What this node knows of the log grows from four sources: the topic's end when it was opened, the
 * acknowledgements of its own appends, the records its tailers read, and the high watermark each fetch
 * reports (a consumer reads only below the high watermark, so all of it is durable). {@link #endOffset()}
 * is therefore at most one fetch behind the brokers, and {@code endOffset - 1 - applied} (the writer's lag
 * metric) counts records the brokers hold that this node has not applied.
 *
 * <p>Group commit is the producer's batching. The metrics count one "sync" per acknowledged append.
 */
public final class KafkaCommandLog implements CommandLog {
    private final String topic;
    private final TopicPartition partition;
    private final KafkaLogOptions options;
    private final KafkaProducer<byte[], byte[]> producer;
    private final long firstOffset;
    private final AtomicLong end;
    private final AtomicLong durable;
    private final ConcurrentSkipListMap<Long, CompletableFuture<Long>> waiters = new ConcurrentSkipListMap<>();
    private final LongAdder appended = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final AtomicLong totalAckNanos = new AtomicLong();
    private final AtomicLong maxAckNanos = new AtomicLong();
    private volatile boolean closed;

    private KafkaCommandLog(String topic, KafkaLogOptions options, KafkaProducer<byte[], byte[]> producer,
            long firstOffset, long endOffset) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.options = options;
        this.producer = producer;
        this.firstOffset = firstOffset;
        this.end = new AtomicLong(endOffset);
        this.durable = new AtomicLong(endOffset - 1);
    }

    /**
     * Opens (creating it if needed) the log of database {@code name}: the topic {@code prefix + name}.
     *
     * @throws CommitLogException if the cluster cannot be reached or the topic is not a one-partition log
     */
    /** The follower's wake-up; replaced by {@link #follow}. */
    private volatile Runnable onAppend = () -> {
    };

    public static KafkaCommandLog open(KafkaLogOptions options, String name) {
        String topic = options.topicPrefix() + name;
        TopicBounds bounds = KafkaTopics.ensure(options, topic);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(options));
        return new KafkaCommandLog(topic, options, producer, bounds.first(), bounds.end());
    }

    /** The topic's first offset and one past its last record, when the log was opened. */
    record TopicBounds(long first, long end) {
    }

    /** The topic this log lives in. */
    public String topic() {
        return topic;
    }

    @Override
    public long append(Command command) {
        CompletableFuture<Long> f = appendAsync(command);
        try {
            return f.get(options.requestTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitLogException("interrupted while appending to " + topic, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CommitLogException c ? c
                    : new CommitLogException("could not append to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CommitLogException("no acknowledgement from Kafka for an append to " + topic + " within "
                    + options.requestTimeout(), e);
        }
    }

    @Override
    public CompletableFuture<Long> appendAsync(Command command) {
        if (closed) {
            return CompletableFuture.failedFuture(new LogClosedException("the command log " + topic + " is closed"));
        }
        byte[] bytes = CommandCodec.encode(command);
        CompletableFuture<Long> result = new CompletableFuture<>();
        long start = System.nanoTime();
        appended.increment();
        try {
            producer.send(new ProducerRecord<>(topic, 0, null, bytes), (metadata, e) -> {
                if (e != null) {
                    result.completeExceptionally(new CommitLogException("could not append to " + topic + ": "
                            + e.getMessage(), e));
                    return;
                }
                long took = System.nanoTime() - start;
                acknowledged.increment();
                totalAckNanos.addAndGet(took);
                maxAckNanos.accumulateAndGet(took, Math::max);
                advance(metadata.offset());
                onAppend.run();
                result.complete(metadata.offset());
            });
        } catch (KafkaException | IllegalStateException e) {
            result.completeExceptionally(new CommitLogException("could not append to " + topic + ": " + e.getMessage(), e));
        }
        return result;
    }

    /** Offset {@code offset} is durable (acknowledged, or read below the high watermark); so is everything before. */
    void advance(long offset) {
        end.accumulateAndGet(offset + 1, Math::max);
        completeWaiters(durable.accumulateAndGet(offset, Math::max));
    }

    /** The brokers hold records up to {@code endOffset} (exclusive), as a fetch reported: they are durable. */
    private void observeEnd(long endOffset) {
        if (endOffset > 0) {
            advance(endOffset - 1);
        }
    }

    private void completeWaiters(long now) {
        for (Map.Entry<Long, CompletableFuture<Long>> w = waiters.firstEntry(); w != null && w.getKey() <= now;
                w = waiters.firstEntry()) {
            waiters.remove(w.getKey(), w.getValue());
            w.getValue().complete(now);
        }
    }

    @Override
    public long firstOffset() {
        return firstOffset;
    }

    @Override
    public long endOffset() {
        return end.get();
    }

    @Override
    public long durableOffset() {
        return durable.get();
    }

    @Override
    public CompletableFuture<Long> whenDurable(long offset) {
        long now = durable.get();
        if (now >= offset) {
            return CompletableFuture.completedFuture(now);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new LogClosedException("the command log " + topic + " is closed"));
        }
        CompletableFuture<Long> f = waiters.computeIfAbsent(offset, o -> new CompletableFuture<>());
        completeWaiters(durable.get());
        return f;
    }

    /** A consumer like {@link #tail}'s; {@code onAppend} runs once the broker acknowledged an append made here. */
    @Override
    public LogTailer<LoggedCommand> follow(long fromOffset, Runnable onAppend) {
        this.onAppend = java.util.Objects.requireNonNull(onAppend, "onAppend");
        return tail(fromOffset);
    }

    @Override
    public LogTailer<LoggedCommand> tail(long fromOffset) {
        if (closed) {
            throw new LogClosedException("the command log " + topic + " is closed");
        }
        return new KafkaTailer(KafkaClients.consumer(options), partition, Math.max(fromOffset, firstOffset), this::advance,
                this::observeEnd);
    }

    @Override
    public LogMetrics metrics() {
        long acks = acknowledged.sum();
        return new LogMetrics(appended.sum(), acks, acks, acks == 0 ? 0 : 1, totalAckNanos.get(), maxAckNanos.get());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        producer.close(Duration.ofSeconds(10));
        LogClosedException gone = new LogClosedException("the command log " + topic + " closed");
        waiters.values().forEach(f -> f.completeExceptionally(gone));
        waiters.clear();
    }
}
