package dev.lightcone.commitlog.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The settings of the Kafka clients a command log uses; the user's overrides come last. */
final class KafkaClients {
    /** The largest record: a publish carries the module's bytes inline. */
    static final int MAX_RECORD_BYTES = 64 << 20;

    private KafkaClients() {
    }

    /**
     * Idempotent, {@code acks=all} (acknowledged = durable on the in-sync replicas), in order with five
     * requests in flight, and a 1 ms linger so that appends arriving together share a request.
     */
    static Properties producer(KafkaLogOptions o) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) o.requestTimeout().toMillis());
        // The producer needs delivery >= linger + request; one request may take half the budget.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, o.requestTimeout().toMillis() / 2));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "lightcone-log-producer");
        p.putAll(o.overridesFor("producer"));
        return props(p);
    }

    /** A consumer that reads one partition from an offset: no group, no committed offsets. */
    static Properties consumer(KafkaLogOptions o) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4096);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_RECORD_BYTES);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "lightcone-log-tailer");
        p.putAll(o.overridesFor("consumer"));
        return props(p);
    }

    static Properties admin(KafkaLogOptions o) {
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) o.requestTimeout().toMillis());
        // The admin client needs api timeout >= request timeout; one request may take half the budget.
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, o.requestTimeout().toMillis() / 2));
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "lightcone-log-admin");
        p.putAll(o.overridesFor("admin"));
        return props(p);
    }

    private static Properties props(Map<String, Object> values) {
        Properties p = new Properties();
        p.putAll(values);
        return p;
    }
}
