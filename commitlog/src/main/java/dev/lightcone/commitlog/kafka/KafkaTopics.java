package dev.lightcone.commitlog.kafka;

import dev.lightcone.commitlog.CommitLogException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Makes sure a command topic exists as a log can use it, and reads its bounds. */
final class KafkaTopics {
    private KafkaTopics() {
    }

    /**
     * Creates {@code topic} if it is missing (one partition; kept forever; never compacted; no unclean
     * leader election, which could lose acknowledged records), checks that an existing one has one
     * partition, and returns its first and end offsets.
     */
    static KafkaCommandLog.TopicBounds ensure(KafkaLogOptions options, String topic) {
        try (Admin admin = Admin.create(KafkaClients.admin(options))) {
            Optional<TopicDescription> existing = describe(admin, topic);
            if (existing.isEmpty()) {
                create(admin, options, topic);
            } else if (existing.get().partitions().size() != 1) {
                throw new CommitLogException("topic " + topic + " has " + existing.get().partitions().size()
                        + " partitions; a command log needs exactly one (one total order)");
            }
            TopicPartition tp = new TopicPartition(topic, 0);
            long deadline = System.nanoTime() + options.requestTimeout().toNanos();
            return new KafkaCommandLog.TopicBounds(offset(admin, tp, OffsetSpec.earliest(), deadline),
                    offset(admin, tp, OffsetSpec.latest(), deadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitLogException("interrupted while opening " + topic, e);
        } catch (ExecutionException e) {
            throw new CommitLogException("cannot open the command topic " + topic + " on " + options.bootstrapServers()
                    + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** An offset of the partition, retried while a new topic's leader is still being elected. */
    private static long offset(Admin admin, TopicPartition tp, OffsetSpec spec, long deadlineNanos)
            throws InterruptedException, ExecutionException {
        while (true) {
            try {
                return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).get().offset();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadlineNanos) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static Optional<TopicDescription> describe(Admin admin, String topic)
            throws InterruptedException, ExecutionException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).topicNameValues().get(topic).get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void create(Admin admin, KafkaLogOptions options, String topic)
            throws InterruptedException, ExecutionException {
        Map<String, String> config = new HashMap<>();
        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        config.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        config.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        config.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
        config.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(KafkaClients.MAX_RECORD_BYTES));
        if (options.minInSyncReplicas() > 0) {
            config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(options.minInSyncReplicas()));
        }
        config.putAll(options.overridesFor("topic"));
        Optional<Short> replication = options.replicationFactor() > 0 ? Optional.of(options.replicationFactor())
                : Optional.empty();
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), replication).configs(config))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // Another node created it first: fine.
        }
    }
}
