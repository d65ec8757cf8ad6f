package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.commitlog.kafka.EmbeddedKafka;
import dev.lightcone.commitlog.kafka.KafkaLogOptions;
import dev.lightcone.executor.writer.StateDump;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.service.CallOutcome;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.DatabaseRef;
import dev.lightcone.gateway.service.PublishOutcome;
import dev.lightcone.sats.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed mode in one JVM: an embedded Kafka (KRaft) broker and three nodes, each with its own data
 * directory, sharing the command topics and the catalog. One broker for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Identity OWNER = Identity.fromHex("c200" + "42".repeat(30));
    private static final Identity ALICE = Identity.fromHex("c200" + "a1".repeat(30));
    private static final Identity BOB = Identity.fromHex("c200" + "b0".repeat(30));
    private static final int BUFFER = 1024;

    private EmbeddedKafka kafka;

    @BeforeAll
    void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(1);
    }

    @AfterAll
    void stopKafka() throws Exception {
        kafka.close();
    }

    /** Each test its own cluster: its own topic prefix on the shared broker. */
    private KafkaLogOptions cluster() {
        return KafkaLogOptions.of(kafka.bootstrapServers()).withTopicPrefix("c" + UUID.randomUUID() + ".");
    }

    private static byte[] chat() throws Exception {
        return Files.readAllBytes(NodeSqlTest.dist().resolve("quickstart-chat.wasm"));
    }

    private static Caller caller(Identity id) {
        return new Caller(id, "localhost", "test", "token", JSON.createObjectNode());
    }

    private static <T> T eventually(Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 60 s");
    }

    private static DatabaseInfo find(Node node, String name) throws InterruptedException {
        return eventually(() -> node.lookup(new DatabaseRef.ByName(name)).block());
    }

    private static void send(Node node, DatabaseInfo db, Identity who, String text) {
        CallOutcome out = node.call(db, caller(who), "send_message", JSON.createArrayNode().add(text))
                .block(Duration.ofSeconds(60));
        assertInstanceOf(CallOutcome.Committed.class, out, String.valueOf(out));
    }

    /**
     * Once the log is quiet (nothing appended for a while), every node has applied it to its end and holds
     * the same tables, byte for byte.
     */
    private static void assertSameState(List<Node> nodes, Identity db) throws Exception {
        long end = -1;
        while (true) {
            long seen = 0;
            for (Node n : nodes) {
                seen = Math.max(seen, n.served(db).orElseThrow().writer.storage().commands().endOffset());
            }
            for (Node n : nodes) {
                n.served(db).orElseThrow().writer.awaitApplied(seen - 1, 60, TimeUnit.SECONDS);
            }
            if (seen == end) {
                break;
            }
            end = seen;
            Thread.sleep(300);
        }
        byte[] first = null;
        for (Node n : nodes) {
            Database d = n.served(db).orElseThrow();
            assertEquals(end - 1, d.writer.appliedOffset());
            byte[] state = d.writer.submit(() -> StateDump.of(d.writer.host().orElseThrow())).get(30, TimeUnit.SECONDS);
            if (first == null) {
                first = state;
            } else {
                assertArrayEquals(first, state, "a node's tables differ at offset " + (end - 1));
            }
        }
    }

    @Test
    void everyNodeServesEveryDatabaseAndAppliesCallsMadeOnAnyNodeInOneOrder(@TempDir Path dir) throws Exception {
        KafkaLogOptions kafkaLog = cluster();
        try (Node a = Node.openCluster(dir.resolve("a"), kafkaLog, BUFFER);
                Node b = Node.openCluster(dir.resolve("b"), kafkaLog, BUFFER);
                Node c = Node.openCluster(dir.resolve("c"), kafkaLog, BUFFER)) {
            PublishOutcome created = a.create(Optional.of("chat"), OWNER, chat()).get(60, TimeUnit.SECONDS);
            assertInstanceOf(PublishOutcome.Success.class, created, String.valueOf(created));
            DatabaseInfo onA = find(a, "chat");
            DatabaseInfo onB = find(b, "chat");
            DatabaseInfo onC = find(c, "chat");
            assertEquals(onA.databaseIdentity(), onB.databaseIdentity());
            for (int i = 0; i < 10; i++) {
                send(b, onB, ALICE, "from b " + i);
                send(c, onC, BOB, "from c " + i);
            }
            assertSameState(List.of(a, b, c), onA.databaseIdentity());
            var rows = a.sql(onA, caller(OWNER), "SELECT text FROM message", true).block().get(0).rows();
            List<String> texts = new ArrayList<>();
            rows.forEach(r -> texts.add(r.get(0).asText()));
            assertEquals(20, texts.size(), texts.toString());
            assertTrue(texts.contains("from b 9") && texts.contains("from c 9"), texts.toString());
        }
    }

    /** The official TypeScript SDK on node A sees, in order, the calls made on nodes B and C. */
    @Test
    void theOfficialSdkOnOneNodeSeesCallsMadeOnTheOthersInOrder(@TempDir Path dir) throws Exception {
        Path e2e = dev.lightcone.gateway.e2e.TypeScriptSdkEndToEndTest.repoRoot().resolve("e2e").resolve("ts-sdk");
        assertTrue(Files.isDirectory(e2e.resolve("node_modules").resolve("spacetimedb")),
                "run `npm ci` in " + e2e + " first (the CI script does)");
        KafkaLogOptions kafkaLog = cluster();
        var keys = dev.lightcone.gateway.auth.SigningKeys.loadOrCreate(dir.resolve("keys"));
        List<reactor.netty.DisposableServer> servers = new ArrayList<>();
        try (Node a = Node.openCluster(dir.resolve("a"), kafkaLog, BUFFER);
                Node b = Node.openCluster(dir.resolve("b"), kafkaLog, BUFFER);
                Node c = Node.openCluster(dir.resolve("c"), kafkaLog, BUFFER)) {
            for (Node n : List.of(a, b, c)) {
                servers.add(dev.lightcone.gateway.http.GatewayServer.builder(
                        dev.lightcone.gateway.auth.TokenService.local(keys)).withDatabaseService(n).build()
                        .bind("127.0.0.1", 0));
            }
            assertInstanceOf(PublishOutcome.Success.class, a.create(Optional.of("quickstart-chat"), OWNER, chat())
                    .get(60, TimeUnit.SECONDS));
            find(b, "quickstart-chat");
            find(c, "quickstart-chat");
            var run = new ProcessBuilder("node", "cluster-e2e.mjs").directory(e2e.toFile()).redirectErrorStream(true);
            run.environment().put("PORT_A", Integer.toString(servers.get(0).port()));
            run.environment().put("PORT_B", Integer.toString(servers.get(1).port()));
            run.environment().put("PORT_C", Integer.toString(servers.get(2).port()));
            run.environment().put("DB", "quickstart-chat");
            Process p = run.start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "node did not finish");
            assertEquals(0, p.exitValue(), "the TypeScript cluster scenario failed:\n" + output);
            assertTrue(output.contains("E2E OK"), output);
        } finally {
            servers.forEach(reactor.netty.DisposableServer::disposeNow);
        }
    }

    @Test
    void aRestartedNodeCatchesUpWithWhatHappenedWhileItWasAway(@TempDir Path dir) throws Exception {
        KafkaLogOptions kafkaLog = cluster();
        try (Node a = Node.openCluster(dir.resolve("a"), kafkaLog, BUFFER)) {
            a.create(Optional.of("chat"), OWNER, chat()).get(60, TimeUnit.SECONDS);
            DatabaseInfo onA = find(a, "chat");
            try (Node b = Node.openCluster(dir.resolve("b"), kafkaLog, BUFFER)) {
                send(b, find(b, "chat"), ALICE, "before");
            }
            for (int i = 0; i < 5; i++) {
                send(a, onA, BOB, "while b was away " + i);
            }
            try (Node b = Node.openCluster(dir.resolve("b"), kafkaLog, BUFFER)) {
                find(b, "chat");
                assertSameState(List.of(a, b), onA.databaseIdentity());
            }
        }
    }

    /** Every node asks for every due firing; each firing still runs once, on every node alike. */
    @Test
    void aScheduledReducerFiresOncePerIntervalAcrossTheCluster(@TempDir Path dir) throws Exception {
        KafkaLogOptions kafkaLog = cluster();
        byte[] schedule = Files.readAllBytes(NodeSqlTest.dist().resolve("feature-schedule.wasm"));
        long intervalMicros = 200_000;
        try (Node a = Node.openCluster(dir.resolve("a"), kafkaLog, BUFFER);
                Node b = Node.openCluster(dir.resolve("b"), kafkaLog, BUFFER);
                Node c = Node.openCluster(dir.resolve("c"), kafkaLog, BUFFER)) {
            assertInstanceOf(PublishOutcome.Success.class, a.create(Optional.of("sched"), OWNER, schedule)
                    .get(60, TimeUnit.SECONDS));
            DatabaseInfo onA = find(a, "sched");
            find(b, "sched");
            find(c, "sched");
            long start = System.nanoTime();
            assertInstanceOf(CallOutcome.Committed.class, a.call(onA, caller(OWNER), "schedule_every",
                    JSON.createArrayNode().add("tick").add(intervalMicros)).block(Duration.ofSeconds(60)));
            Thread.sleep(2_000);
            assertInstanceOf(CallOutcome.Committed.class, a.call(onA, caller(OWNER), "cancel",
                    JSON.createArrayNode().add(1)).block(Duration.ofSeconds(60)));
            long elapsedMicros = (System.nanoTime() - start) / 1_000;
            assertSameState(List.of(a, b, c), onA.databaseIdentity());
            var rows = a.sql(onA, caller(OWNER), "SELECT count FROM counters WHERE label = 'tick'", true).block()
                    .get(0).rows();
            long fired = rows.get(0).get(0).asLong();
            assertTrue(fired >= 3, "it fired: " + fired);
            assertTrue(fired <= elapsedMicros / intervalMicros + 2, "once per interval, not once per node: " + fired
                    + " firings in " + elapsedMicros / 1000 + " ms");
        }
    }

    /**
     * A node that goes away without disconnecting its clients (it crashed, or its network went) is noticed by
     * the others; one of them ends its connections through the log, so {@code client_disconnected} runs for
     * each, once, on every node alike.
     */
    @Test
    void theClientsOfANodeThatIsGoneAreDisconnectedByTheOthers(@TempDir Path dir) throws Exception {
        KafkaLogOptions kafkaLog = cluster();
        Duration timeout = Duration.ofSeconds(6);
        try (Node a = Node.openCluster(dir.resolve("a"), kafkaLog, BUFFER, timeout)) {
            a.create(Optional.of("chat"), OWNER, chat()).get(60, TimeUnit.SECONDS);
            DatabaseInfo onA = find(a, "chat");
            Node b = Node.openCluster(dir.resolve("b"), kafkaLog, BUFFER, timeout);
            try {
                var session = b.connect(find(b, "chat"), new dev.lightcone.gateway.service.SessionRequest(caller(ALICE),
                        dev.lightcone.sats.ConnectionId.random(), "v2.bsatn.spacetimedb",
                        dev.lightcone.gateway.protocol.Compression.NONE, true, false)).block(Duration.ofSeconds(60));
                assertTrue(session != null, "client_connected accepted the client");
            } finally {
                b.close(); // the client's socket is never closed: as if node b had died
            }
            eventually(() -> online(a, onA).equals(List.of(false)) ? Boolean.TRUE : null);
            Database d = a.served(onA.databaseIdentity()).orElseThrow();
            assertTrue(d.writer.submit(() -> d.writer.host().orElseThrow().connectedClients(null)).get().isEmpty(),
                    "st_client no longer lists the client");
        }
    }

    /**
     * Calls keep coming on two nodes while one of them goes away: every call that was answered as committed
     * is in the log exactly once, on the surviving node.
     */
    @Test
    void noAnsweredCallIsLostWhenANodeGoesAwayUnderLoad(@TempDir Path dir) throws Exception {
        KafkaLogOptions kafkaLog = cluster();
        try (Node a = Node.openCluster(dir.resolve("a"), kafkaLog, BUFFER, Duration.ofSeconds(6))) {
            a.create(Optional.of("chat"), OWNER, chat()).get(60, TimeUnit.SECONDS);
            DatabaseInfo onA = find(a, "chat");
            Node b = Node.openCluster(dir.resolve("b"), kafkaLog, BUFFER, Duration.ofSeconds(6));
            DatabaseInfo onB = find(b, "chat");
            java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Node node = t % 2 == 0 ? a : b;
                DatabaseInfo db = t % 2 == 0 ? onA : onB;
                String prefix = (t % 2 == 0 ? "a" : "b") + t + "-";
                Thread th = new Thread(() -> {
                    for (int i = 0; !stop.get() && i < 10_000; i++) {
                        try {
                            CallOutcome out = node.call(db, caller(ALICE), "send_message",
                                    JSON.createArrayNode().add(prefix + i)).block(Duration.ofSeconds(30));
                            if (out instanceof CallOutcome.Committed) {
                                answered.add(prefix + i);
                            }
                        } catch (RuntimeException e) {
                            if (node == b) {
                                return; // node b is gone: its callers get errors, never a false "committed"
                            }
                            throw e;
                        }
                    }
                });
                th.start();
                callers.add(th);
            }
            Thread.sleep(1_500);
            b.close();
            Thread.sleep(500);
            stop.set(true);
            for (Thread th : callers) {
                th.join(60_000);
            }
            Database d = a.served(onA.databaseIdentity()).orElseThrow();
            long end = d.writer.storage().commands().endOffset();
            d.writer.awaitApplied(end - 1, 60, TimeUnit.SECONDS);
            List<String> texts = new ArrayList<>();
            a.sql(onA, caller(OWNER), "SELECT text FROM message", true).block().get(0).rows()
                    .forEach(r -> texts.add(r.get(0).asText()));
            assertTrue(answered.stream().anyMatch(t -> t.startsWith("b")), "node b answered calls before it went");
            assertTrue(texts.containsAll(answered), "every answered call is in the log");
            assertEquals(texts.size(), new java.util.HashSet<>(texts).size(), "and none twice");
        }
    }

    /** The online flags of every user but the one asking (a query runs inside its own client connection). */
    private static List<Boolean> online(Node node, DatabaseInfo db) {
        List<Boolean> out = new ArrayList<>();
        String asking = "0x" + new java.math.BigInteger(OWNER.toHex(), 16).toString(16);
        node.sql(db, caller(OWNER), "SELECT identity, online FROM user", true).block().get(0).rows().stream()
                .filter(r -> !r.get(0).get(0).asText().equals(asking))
                .forEach(r -> out.add(r.get(1).asBoolean()));
        return out;
    }

    @Test
    void whenTwoNodesTakeOneNameAtOnceTheLogDecidesAndOnlyOneDatabaseRemains(@TempDir Path dir) throws Exception {
        KafkaLogOptions kafkaLog = cluster();
        try (Node a = Node.openCluster(dir.resolve("a"), kafkaLog, BUFFER);
                Node b = Node.openCluster(dir.resolve("b"), kafkaLog, BUFFER)) {
            byte[] wasm = chat();
            CompletableFuture<PublishOutcome> onA = a.create(Optional.of("race"), OWNER, wasm);
            CompletableFuture<PublishOutcome> onB = b.create(Optional.of("race"), OWNER, wasm);
            List<PublishOutcome> outcomes = List.of(onA.get(60, TimeUnit.SECONDS), onB.get(60, TimeUnit.SECONDS));
            long won = outcomes.stream().filter(o -> o instanceof PublishOutcome.Success).count();
            assertEquals(1, won, outcomes.toString());
            Identity winner = outcomes.stream().filter(o -> o instanceof PublishOutcome.Success)
                    .map(o -> ((PublishOutcome.Success) o).databaseIdentity()).findFirst().orElseThrow();
            assertEquals(winner, find(a, "race").databaseIdentity());
            assertEquals(winner, find(b, "race").databaseIdentity());
        }
    }
}
