package dev.lightcone.commitlog.kafka;

import dev.lightcone.commitlog.CommitLogException;
import dev.lightcone.commitlog.LogCorruptionException;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.record.CommandCodec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a command topic forward from an offset: a consumer assigned to the topic's one partition, no
 * consumer group. Everything it reads is below the high watermark, hence durable, which it reports to
 * its log. A gap in the offsets (which a compacted or transactional topic would cause) is corruption.
 * Used by one thread at a time.
 */
final class KafkaTailer implements LogTailer<LoggedCommand> {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final LongConsumer durable;
    /** Told of the partition's high watermark when a fetch reveals it (how far the log reaches). */
    private final LongConsumer end;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
    private long next;

    KafkaTailer(Properties config, TopicPartition partition, long from, LongConsumer durable, LongConsumer end) {
        this.consumer = new KafkaConsumer<>(config);
        this.partition = partition;
        this.durable = durable;
        this.end = end;
        this.next = from;
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
    }

    @Override
    public LoggedCommand poll() {
        if (buffered.isEmpty()) {
            fetch(Duration.ZERO);
        }
        return take();
    }

    @Override
    public LoggedCommand poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (buffered.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            fetch(Duration.ofNanos(left));
        }
        return take();
    }

    private void fetch(Duration wait) {
        try {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait).records(partition)) {
                buffered.addLast(r);
            }
        } catch (KafkaException e) {
            throw new CommitLogException("cannot read the command topic " + partition.topic() + " at offset " + next
                    + ": " + e.getMessage(), e);
        }
        if (!buffered.isEmpty()) {
            durable.accept(buffered.peekLast().offset());
        }
        // The lag the last fetch reported: records the brokers hold that this node has not read yet.
        java.util.OptionalLong lag = consumer.currentLag(partition);
        if (lag.isPresent()) {
            end.accept(next + buffered.size() + lag.getAsLong());
        }
    }

    private LoggedCommand take() {
        ConsumerRecord<byte[], byte[]> r = buffered.pollFirst();
        if (r == null) {
            return null;
        }
        if (r.offset() != next) {
            throw new LogCorruptionException(next, "the command topic " + partition.topic() + " skips from offset "
                    + next + " to " + r.offset() + " (compacted or written transactionally?)");
        }
        next = r.offset() + 1;
        return new LoggedCommand(r.offset(), CommandCodec.decode(r.value(), r.offset()));
    }

    @Override
    public long nextOffset() {
        return next;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
