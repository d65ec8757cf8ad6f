package dev.lightcone.commitlog.kafka;

import dev.lightcone.commitlog.CommitLogException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small one-partition topic of opaque records that every node reads whole and follows, such as the list of a
 * cluster's databases. Made like a command topic (kept forever, one total order, {@code acks=all}).
 */
public final class KafkaRecordTopic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordTopic.class);

    /** Handles one record of the topic, in offset order, on the topic's follower thread. */
    @FunctionalInterface
    public interface Handler {
        void accept(long offset, byte[] value);
    }

    private final String topic;
    private final KafkaLogOptions options;
    private final KafkaProducer<byte[], byte[]> producer;
    private final long endAtOpen;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long handledUpTo = -1;
    private final Object progress = new Object();
    private Thread follower;
    private volatile boolean closed;

    private KafkaRecordTopic(String topic, KafkaLogOptions options, long endAtOpen) {
        this.topic = topic;
        this.options = options;
        this.endAtOpen = endAtOpen;
        this.producer = new KafkaProducer<>(KafkaClients.producer(options));
    }

    /** Opens (creating it if needed) the topic {@code prefix + name}. */
    public static KafkaRecordTopic open(KafkaLogOptions options, String name) {
        String topic = options.topicPrefix() + name;
        KafkaCommandLog.TopicBounds bounds = KafkaTopics.ensure(options, topic);
        return new KafkaRecordTopic(topic, options, bounds.end());
    }

    /** Appends a record and returns its offset once it is durable. */
    public long append(byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, 0, null, value)).get(
                    options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitLogException("interrupted while appending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CommitLogException("could not append to " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hands every record of the topic to {@code handler}, from the first, and keeps handing it new ones on a
     * daemon thread until closed. Returns once the records that were there when the topic was opened are
     * handled. Call once.
     */
    public void follow(Handler handler) {
        CountDownLatch caughtUp = new CountDownLatch(endAtOpen == 0 ? 0 : 1);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaClients.consumer(options));
        TopicPartition tp = new TopicPartition(topic, 0);
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        consumer = c;
        follower = new Thread(() -> {
            try {
                while (!closed) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200)).records(tp)) {
                        try {
                            handler.accept(r.offset(), r.value());
                        } catch (RuntimeException e) {
                            LOG.error("record {} of {} could not be handled; skipped", r.offset(), topic, e);
                        }
                        markHandled(r.offset());
                        if (r.offset() >= endAtOpen - 1) {
                            caughtUp.countDown();
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.error("stopped following {}", topic, e);
            } finally {
                c.close(Duration.ofSeconds(5));
            }
        }, "lightcone-follow-" + topic);
        follower.setDaemon(true);
        follower.start();
        try {
            if (!caughtUp.await(options.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
                throw new CommitLogException("could not read " + topic + " to its end within "
                        + options.requestTimeout().multipliedBy(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitLogException("interrupted while reading " + topic, e);
        }
    }

    private void markHandled(long offset) {
        synchronized (progress) {
            handledUpTo = offset;
            progress.notifyAll();
        }
    }

    /** Waits until the follower has handled the record at {@code offset}. */
    public void awaitHandled(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (handledUpTo < offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CommitLogException("record " + offset + " of " + topic + " was not read back within "
                            + timeout);
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CommitLogException("interrupted while waiting for " + topic, e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (follower != null) {
            try {
                follower.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
    }
}
