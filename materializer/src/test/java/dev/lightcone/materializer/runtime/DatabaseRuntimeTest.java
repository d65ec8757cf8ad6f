package dev.lightcone.materializer.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.memory.InMemoryCommandLog;
import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The runtime over a real writer and module: ordering, confirmed reads, per-client routing, back-pressure.
 * One database for the class (loading a module takes seconds); each test closes its sessions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRuntimeTest {
    /**
     * Small, so that a client that never reads is cut off quickly, yet far above what a client that reads
     * (a test subscriber) falls behind on a loaded machine.
     */
    private static final int SESSION_BUFFER = 32;
    private static final int FLOOD = 3 * SESSION_BUFFER;
    private static final Identity DB = Identity.fromHex("c200" + "2b".repeat(30));
    private static final Identity OWNER = Identity.fromHex("c200" + "0e".repeat(30));
    private static final Identity ALICE = Identity.fromHex("c200" + "a1".repeat(30));
    private static final Identity BOB = Identity.fromHex("c200" + "b0".repeat(30));
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicLong clock = new AtomicLong(1_800_000_000_000_000L);
    private InMemoryCommandLog log;
    private DatabaseWriter writer;
    private DatabaseRuntime runtime;

    private final List<MaterializedSession> opened = new java.util.ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        log = InMemoryCommandLog.withManualDurability();
        writer = DatabaseWriter.open(WriterStorage.replaying(log), DatabaseWriter.Options.of(DB, "runtime-test")
                .withDisconnectStale(false));
        runtime = DatabaseRuntime.attach(writer, OWNER, "runtime-test", SESSION_BUFFER);
        long published = log.append(new PublishModule(DB, OWNER, new ModuleSource.Inline(
                Files.readAllBytes(ExampleModules.path("quickstart-chat"))), false, next()));
        log.makeDurable(published);
        writer.awaitApplied(published, 30, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeSessions() {
        opened.forEach(MaterializedSession::close);
        opened.clear();
    }

    @AfterAll
    void stop() {
        runtime.close();
        writer.close();
    }

    private MaterializedSession open(Identity who, ConnectionId connection, boolean confirmed) {
        MaterializedSession s = runtime.openSession(who, connection, confirmed);
        opened.add(s);
        return s;
    }

    private Timestamp next() {
        return new Timestamp(clock.incrementAndGet());
    }

    private long send(Identity caller, ConnectionId connection, int requestId, String text) {
        return log.append(new CallReducer(caller, connection, requestId, next(), "send_message",
                new BsatnWriter().writeString(text).toByteArray()));
    }

    private MaterializedSession subscribed(Identity who, ConnectionId connection, boolean confirmed) {
        MaterializedSession s = open(who, connection, confirmed);
        s.subscribe(1, 7, List.of("SELECT * FROM message"));
        return s;
    }

    @Test
    void confirmedClientsHearOfATransactionOnlyOnceItIsDurable() throws Exception {
        MaterializedSession alice = subscribed(ALICE, ConnectionId.random(), true);
        StepVerifier.create(alice.updates())
                .assertNext(u -> assertInstanceOf(SessionUpdate.SubscribeApplied.class, u))
                .then(() -> send(BOB, ConnectionId.ZERO, 0, "hello"))
                .expectNoEvent(Duration.ofMillis(300))
                .then(() -> log.makeDurable(log.endOffset() - 1))
                .assertNext(u -> {
                    SessionUpdate.TransactionDelta d = assertInstanceOf(SessionUpdate.TransactionDelta.class, u);
                    assertEquals(7, d.querySets().get(0).querySetId());
                    assertEquals(1, d.querySets().get(0).tables().get(0).updates().get(0).inserts().size());
                })
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void unconfirmedClientsHearAtOnceInTheWritersOrder() {
        MaterializedSession alice = subscribed(ALICE, ConnectionId.random(), false);
        StepVerifier.create(alice.updates())
                .assertNext(u -> assertInstanceOf(SessionUpdate.SubscribeApplied.class, u))
                .then(() -> {
                    send(BOB, ConnectionId.ZERO, 0, "one");
                    send(BOB, ConnectionId.ZERO, 0, "two");
                })
                .assertNext(u -> assertEquals("one", text(u)))
                .assertNext(u -> assertEquals("two", text(u)))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void theCallerGetsItsReplyWithItsOwnUpdatesAndOthersGetTheDelta() {
        ConnectionId aliceConn = ConnectionId.random();
        MaterializedSession alice = subscribed(ALICE, aliceConn, false);
        MaterializedSession bob = subscribed(BOB, ConnectionId.random(), false);
        MaterializedSession carol = open(Identity.fromHex("c200" + "ca".repeat(30)), ConnectionId.random(), false);
        registered();
        StepVerifier.create(alice.updates())
                .assertNext(u -> assertInstanceOf(SessionUpdate.SubscribeApplied.class, u))
                .then(() -> send(ALICE, aliceConn, 42, "mine"))
                .assertNext(u -> {
                    SessionUpdate.ReducerReply r = assertInstanceOf(SessionUpdate.ReducerReply.class, u);
                    assertEquals(42, r.requestId());
                    assertEquals(TxOutcome.COMMITTED, r.outcome());
                    assertEquals(1, r.querySets().size());
                })
                .thenCancel()
                .verify(WAIT);
        StepVerifier.create(bob.updates())
                .assertNext(u -> assertInstanceOf(SessionUpdate.SubscribeApplied.class, u))
                .assertNext(u -> assertEquals("mine", text(u)))
                .thenCancel()
                .verify(WAIT);
        StepVerifier.create(carol.updates()).expectSubscription().expectNoEvent(Duration.ofMillis(200)).thenCancel()
                .verify(WAIT);
    }

    @Test
    void aClientThatFallsBehindIsCutOffAloneWithAnOverflow() throws Exception {
        MaterializedSession slow = subscribed(ALICE, ConnectionId.random(), false);
        MaterializedSession fast = subscribed(BOB, ConnectionId.random(), false);
        registered();
        StepVerifier fastSeesAll = StepVerifier.create(fast.updates())
                .expectNextCount(1 + FLOOD)
                .thenCancel()
                .verifyLater();
        // The slow client never takes an update; it is cut off once a whole buffer waits for it.
        StepVerifier.create(slow.cutOff())
                .then(() -> {
                    for (int i = 0; i < FLOOD; i++) {
                        send(BOB, ConnectionId.ZERO, 0, "m" + i);
                    }
                })
                .assertNext(reason -> assertTrue(reason.contains("behind"), reason))
                .verifyComplete();
        fastSeesAll.verify(WAIT);
        assertEquals(List.of(fast), List.copyOf(sessionsNow()), "the slow client is dropped, the other stays");
    }

    @Test
    void aSubscriptionErrorGoesOnlyToItsClient() {
        MaterializedSession alice = open(ALICE, ConnectionId.random(), false);
        alice.subscribe(3, 9, List.of("SELECT * FROM no_such_table"));
        StepVerifier.create(alice.updates())
                .assertNext(u -> {
                    SessionUpdate.SubscriptionFailed f = assertInstanceOf(SessionUpdate.SubscriptionFailed.class, u);
                    assertEquals(9, f.querySetId());
                    assertTrue(f.error().contains("no_such_table"), f.error());
                })
                .thenCancel()
                .verify(WAIT);
    }

    /** Waits until the subscriptions asked for so far are registered (a writer task queued after theirs has run). */
    private void registered() {
        runtime.onWriter(() -> null).join();
    }

    private List<MaterializedSession> sessionsNow() {
        return opened.stream().filter(runtime::serves).toList();
    }

    /** The text column of the one message a delta inserts (message rows: sender, sent, text). */
    private static String text(SessionUpdate u) {
        SessionUpdate.TransactionDelta d = assertInstanceOf(SessionUpdate.TransactionDelta.class, u);
        byte[] row = d.querySets().get(0).tables().get(0).updates().get(0).inserts().get(0).bytes();
        dev.lightcone.sats.bsatn.BsatnReader r = new dev.lightcone.sats.bsatn.BsatnReader(row);
        r.readRaw(32);
        r.readU64();
        return r.readString();
    }
}
