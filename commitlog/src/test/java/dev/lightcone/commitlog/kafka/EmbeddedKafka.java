package dev.lightcone.commitlog.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka cluster in KRaft mode inside the test JVM (combined broker and controller nodes), for tests
 * of the Kafka command log and of clusters of Lightcone nodes. Start one per test class: it takes seconds.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts {@code brokers} combined nodes and waits until they serve. */
    public static EmbeddedKafka start(int brokers) throws Exception {
        return start(brokers, true);
    }

    /**
     * Formats and starts {@code brokers} brokers, each also a controller if {@code combined}, else with one
     * separate controller (so that a broker can be stopped while the controller quorum stays whole).
     */
    public static EmbeddedKafka start(int brokers, boolean combined) throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(combined).setNumBrokerNodes(brokers).setNumControllerNodes(combined ? brokers : 1).build())
                .setConfigProp("offsets.topic.replication.factor", Integer.toString(brokers))
                .setConfigProp("transaction.state.log.replication.factor", Integer.toString(brokers))
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster);
    }

    /** {@code host:port,…} of the brokers. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The underlying test kit, e.g. to stop a broker. */
    public KafkaClusterTestKit cluster() {
        return cluster;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
