package dev.lightcone.commitlog.kafka;

import dev.lightcone.commitlog.CommitLogException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nodes of a cluster are alive: each node is a member of one Kafka consumer group, named by its node
 * name ({@code group.instance.id}); a node that stops polling (it died, or hangs) leaves the group after the
 * session timeout, one that closes leaves at once. Reads no records: the group is only a failure detector.
 */
public final class KafkaMembership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaMembership.class);

    private final String group;
    private final String node;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread heartbeat;
    private volatile boolean closed;

    private KafkaMembership(String group, String node, Admin admin, KafkaConsumer<byte[], byte[]> consumer,
            Thread heartbeat) {
        this.group = group;
        this.node = node;
        this.admin = admin;
        this.consumer = consumer;
        this.heartbeat = heartbeat;
    }

    /**
     * Joins the group {@code <prefix>_members} as {@code node}, keeping the membership alive by polling
     * {@code topic} (whose records it ignores), and returns once this node is a member.
     *
     * @param sessionTimeout how long a silent node stays a member (the brokers allow 6 s to 5 min)
     */
    public static KafkaMembership join(KafkaLogOptions options, String topic, String node, Duration sessionTimeout) {
        String group = options.topicPrefix() + "_members";
        var props = KafkaClients.consumer(options);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, node);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "lightcone-member-" + node);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 4));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        CountDownLatch joined = new CountDownLatch(1);
        Admin admin = Admin.create(KafkaClients.admin(options));
        KafkaMembership[] self = new KafkaMembership[1];
        Thread t = new Thread(() -> {
            try {
                consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                        joined.countDown();
                    }
                });
                while (!self[0].closed) {
                    consumer.poll(Duration.ofMillis(500));
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.error("node {} stopped taking part in group {}", node, group, e);
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }, "lightcone-membership-" + node);
        t.setDaemon(true);
        self[0] = new KafkaMembership(group, node, admin, consumer, t);
        t.start();
        try {
            if (!joined.await(options.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
                self[0].close();
                throw new CommitLogException("node " + node + " could not join group " + group);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            self[0].close();
            throw new CommitLogException("interrupted while joining " + group, e);
        }
        return self[0];
    }

    /** This node's name. */
    public String node() {
        return node;
    }

    /** The names of the nodes that are members now. */
    public Set<String> liveNodes() {
        try {
            Map<String, ConsumerGroupDescription> d = admin.describeConsumerGroups(List.of(group)).all()
                    .get(30, TimeUnit.SECONDS);
            return d.get(group).members().stream().map(MemberDescription::groupInstanceId)
                    .flatMap(java.util.Optional::stream).collect(Collectors.toUnmodifiableSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitLogException("interrupted while reading " + group, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new CommitLogException("cannot read the members of " + group + ": " + e.getMessage(), e);
        }
    }

    /** Leaves the group at once (a static member also leaves only after its session timeout; see close). */
    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            heartbeat.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
