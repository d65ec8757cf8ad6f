package dev.lightcone.commitlog.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a node reaches the Kafka cluster that holds the command logs, and how their topics are made.
 *
 * @param bootstrapServers  {@code host:port[,host:port…]} of the brokers
 * @param topicPrefix       each database's log is the topic {@code prefix + database id}
 * @param replicationFactor replicas of each command topic; -1 for the brokers' default
 * @param minInSyncReplicas replicas that must have a record before it is acknowledged (durable); -1 for the
 *                          brokers' default. With {@code acks=all} this is what "durable" means.
 * @param requestTimeout    how long an append may wait for its acknowledgement before it fails
 * @param overrides         extra client and topic settings, applied last: keys starting {@code producer.},
 *                          {@code consumer.}, {@code admin.} or {@code topic.} go to that client or topic config
 */
public record KafkaLogOptions(String bootstrapServers, String topicPrefix, short replicationFactor,
        int minInSyncReplicas, Duration requestTimeout, Map<String, String> overrides) {
    public KafkaLogOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        overrides = Map.copyOf(overrides);
        if (!topicPrefix.matches("[a-zA-Z0-9._-]*")) {
            throw new IllegalArgumentException("a topic prefix may hold only letters, digits, '.', '_' and '-': "
                    + topicPrefix);
        }
    }

    /** The defaults for {@code bootstrapServers}: topics {@code lightcone.commands.<id>}, the brokers' replication. */
    public static KafkaLogOptions of(String bootstrapServers) {
        return new KafkaLogOptions(bootstrapServers, "lightcone.commands.", (short) -1, -1, Duration.ofSeconds(30),
                Map.of());
    }

    public KafkaLogOptions withReplication(short factor, int minInSync) {
        return new KafkaLogOptions(bootstrapServers, topicPrefix, factor, minInSync, requestTimeout, overrides);
    }

    public KafkaLogOptions withTopicPrefix(String prefix) {
        return new KafkaLogOptions(bootstrapServers, prefix, replicationFactor, minInSyncReplicas, requestTimeout,
                overrides);
    }

    public KafkaLogOptions withOverrides(Map<String, String> more) {
        return new KafkaLogOptions(bootstrapServers, topicPrefix, replicationFactor, minInSyncReplicas, requestTimeout,
                more);
    }

    /** The overrides for one client or the topic: {@code prefix.key=value} becomes {@code key=value}. */
    Map<String, String> overridesFor(String prefix) {
        Map<String, String> out = new java.util.HashMap<>();
        overrides.forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) {
                out.put(k.substring(prefix.length() + 1), v);
            }
        });
        return out;
    }
}
