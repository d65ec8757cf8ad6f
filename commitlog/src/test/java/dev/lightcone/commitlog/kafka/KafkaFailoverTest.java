package dev.lightcone.commitlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.CommitLogException;
import dev.lightcone.commitlog.Commands;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A three-broker cluster (replication factor 3, two in-sync replicas required) loses the broker that leads the
 * command topic while records are being appended: every acknowledged record is still in the log, once.
 */
class KafkaFailoverTest {
    private static final int RECORDS = 300;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void noAcknowledgedRecordIsLostWhenThePartitionLeaderStops() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(3, false);
        try {
            KafkaLogOptions options = new KafkaLogOptions(kafka.bootstrapServers(), "failover.", (short) 3, 2,
                    Duration.ofSeconds(20), Map.of());
            try (KafkaCommandLog log = KafkaCommandLog.open(options, "db")) {
                List<Long> acknowledged = new CopyOnWriteArrayList<>();
                AtomicInteger refused = new AtomicInteger();
                AtomicInteger sent = new AtomicInteger();
                Thread writer = new Thread(() -> {
                    for (int i = 0; i < RECORDS; i++) {
                        sent.set(i);
                        try {
                            log.append(Commands.call(0, i));
                            acknowledged.add((long) i);
                        } catch (CommitLogException e) {
                            refused.incrementAndGet(); // not acknowledged: may or may not be in the log
                        }
                    }
                });
                writer.start();
                while (sent.get() < RECORDS / 3) {
                    Thread.sleep(5);
                }
                int leader;
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                    leader = admin.describeTopics(List.of(log.topic())).allTopicNames().get().get(log.topic())
                            .partitions().get(0).leader().id();
                }
                Thread stop = new Thread(() -> kafka.cluster().brokers().get(leader).shutdown(), "stop-leader");
                stop.setDaemon(true);
                stop.start();
                writer.join(TimeUnit.MINUTES.toMillis(2));
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                    int now = admin.describeTopics(List.of(log.topic())).allTopicNames().get().get(log.topic())
                            .partitions().get(0).leader().id();
                    assertTrue(now != leader, "another broker leads the topic now (was " + leader + ")");
                }
                assertTrue(!writer.isAlive(), "the appends finished; sent " + sent.get());
                assertTrue(acknowledged.size() > RECORDS / 2, "appends went on after the leader stopped: "
                        + acknowledged.size() + " acknowledged, " + refused.get() + " refused");

                List<Long> read = new ArrayList<>();
                try (LogTailer<LoggedCommand> t = log.tail(0)) {
                    for (LoggedCommand c = t.poll(10, TimeUnit.SECONDS); c != null; c = t.poll(2, TimeUnit.SECONDS)) {
                        read.add(Commands.seqOf(c.command()));
                    }
                }
                Set<Long> distinct = new HashSet<>(read);
                assertEquals(read.size(), distinct.size(), "no record is in the log twice (idempotent producer)");
                assertTrue(distinct.containsAll(acknowledged), "every acknowledged record survived the leader's loss");
            }
        } finally {
            Thread closing = new Thread(() -> {
                try {
                    kafka.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "close-kafka");
            closing.setDaemon(true);
            closing.start();
            closing.join(TimeUnit.SECONDS.toMillis(60));
        }
    }
}
