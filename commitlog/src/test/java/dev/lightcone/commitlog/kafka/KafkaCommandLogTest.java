package dev.lightcone.commitlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.CommandLogContract;
import dev.lightcone.commitlog.CommitLogException;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.Commands;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command-log contract on a real (embedded, KRaft) Kafka broker, plus what is particular to Kafka. */
class KafkaCommandLogTest extends CommandLogContract {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(1);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    private static KafkaLogOptions options() {
        return KafkaLogOptions.of(kafka.bootstrapServers()).withTopicPrefix("test.");
    }

    private static String freshName() {
        return "db-" + UUID.randomUUID();
    }

    @Override
    protected boolean onlyThisObjectAppends() {
        return false;
    }

    @Override
    protected CommandLog newLog() {
        return KafkaCommandLog.open(options(), freshName());
    }

    @Override
    protected CommandLog reopen(CommandLog log) {
        String topic = ((KafkaCommandLog) log).topic();
        log.close();
        return KafkaCommandLog.open(options(), topic.substring("test.".length()));
    }

    @Test
    void twoWritersOfOneTopicShareOneOrderAndEachSeesTheOthersRecords() throws Exception {
        String name = freshName();
        CommandLog a = track(KafkaCommandLog.open(options(), name));
        CommandLog b = track(KafkaCommandLog.open(options(), name));
        for (int i = 0; i < 20; i++) {
            a.append(Commands.call(1, i));
            b.append(Commands.call(2, i));
        }
        assertEquals(40, b.endOffset(), "b knows of a's records once it has read them or appended after them");
        try (LogTailer<LoggedCommand> fromA = a.tail(0); LogTailer<LoggedCommand> fromB = b.tail(0)) {
            for (int o = 0; o < 40; o++) {
                LoggedCommand x = fromA.poll(10, TimeUnit.SECONDS);
                LoggedCommand y = fromB.poll(10, TimeUnit.SECONDS);
                assertEquals(o, x.offset());
                assertEquals(x, y, "both nodes read the same record at offset " + o);
            }
        }
        assertEquals(39, a.durableOffset(), "what a node has read is durable");
    }

    @Test
    void aTopicWithMoreThanOnePartitionIsRefused() throws Exception {
        String name = freshName();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("test." + name, 3, (short) 1))).all().get();
        }
        CommitLogException e = assertThrows(CommitLogException.class, () -> KafkaCommandLog.open(options(), name));
        assertTrue(e.getMessage().contains("exactly one"), e.getMessage());
    }

    @Test
    void anUnreachableClusterIsAClearError() {
        KafkaLogOptions nowhere = KafkaLogOptions.of("127.0.0.1:1").withOverrides(Map.of(
                "admin.default.api.timeout.ms", "1500", "admin.request.timeout.ms", "1000"));
        CommitLogException e = assertThrows(CommitLogException.class,
                () -> KafkaCommandLog.open(new KafkaLogOptions(nowhere.bootstrapServers(), nowhere.topicPrefix(),
                        (short) -1, -1, java.time.Duration.ofSeconds(2), nowhere.overrides()), freshName()));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }
}
