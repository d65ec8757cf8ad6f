package dev.lightcone.commitlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.record.Command;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link CommandLog} must have; each implementation extends this once. */
public abstract class CommandLogContract {
    private final List<CommandLog> opened = new ArrayList<>();

    /** A new, empty log. */
    protected abstract CommandLog newLog();

    /** Closes {@code log} and opens the same storage again, or returns null if the implementation cannot. */
    protected abstract CommandLog reopen(CommandLog log);

    /** Whether nothing but the log object itself can append to this implementation's storage. */
    protected abstract boolean onlyThisObjectAppends();

    protected final CommandLog track(CommandLog log) {
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeAll() {
        for (CommandLog log : opened) {
            log.close();
        }
    }

    private CommandLog log() {
        return track(newLog());
    }

    protected static List<LoggedCommand> readAll(CommandLog log, long from) {
        List<LoggedCommand> out = new ArrayList<>();
        try (LogTailer<LoggedCommand> t = log.tail(from)) {
            for (long o = from; o < log.endOffset(); o++) {
                LoggedCommand c;
                try {
                    c = t.poll(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                assertNotNull(c, "record " + o + " never became readable");
                out.add(c);
            }
            assertNull(t.poll(), "no record past the end");
        }
        return out;
    }

    @Test
    void appendsReadBackInOrderWithDenseOffsetsFromZero() {
        CommandLog log = log();
        assertEquals(0, log.endOffset());
        assertEquals(-1, log.durableOffset());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, log.append(Commands.call(0, i)));
        }
        List<LoggedCommand> read = readAll(log, 0);
        assertEquals(100, read.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, read.get(i).offset());
            assertEquals(Commands.call(0, i), read.get(i).command());
        }
    }

    @Test
    void tailFromTheMiddleStartsThere() {
        CommandLog log = log();
        for (int i = 0; i < 50; i++) {
            log.append(Commands.call(0, i));
        }
        List<LoggedCommand> read = readAll(log, 37);
        assertEquals(13, read.size());
        assertEquals(37, read.get(0).offset());
        assertEquals(Commands.call(0, 37), read.get(0).command());
    }

    @Test
    void tailAtTheEndBlocksThenSeesNewRecords() throws Exception {
        CommandLog log = log();
        log.append(Commands.call(0, 0));
        try (LogTailer<LoggedCommand> t = log.tail(1)) {
            assertNull(t.poll());
            assertNull(t.poll(50, TimeUnit.MILLISECONDS));
            CountDownLatch polling = new CountDownLatch(1);
            CompletableFuture<LoggedCommand> got = CompletableFuture.supplyAsync(() -> {
                polling.countDown();
                try {
                    return t.poll(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            polling.await();
            Thread.sleep(20);
            log.append(Commands.call(0, 1));
            LoggedCommand c = got.get(10, TimeUnit.SECONDS);
            assertEquals(new LoggedCommand(1, Commands.call(0, 1)), c);
            assertEquals(2, t.nextOffset());
        }
    }

    @Test
    void concurrentAppendersGetUniqueDenseOffsetsAndKeepTheirOwnOrder() throws Exception {
        CommandLog log = log();
        int threads = 4;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    long[] offsets = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        offsets[i] = log.append(Commands.call(thread, i));
                    }
                    return offsets;
                }));
            }
            boolean[] seen = new boolean[threads * perThread];
            for (Future<long[]> f : futures) {
                long previous = -1;
                for (long o : f.get(60, TimeUnit.SECONDS)) {
                    assertTrue(o > previous, "a thread's offsets increase");
                    assertTrue(!seen[(int) o], "offset " + o + " given twice");
                    seen[(int) o] = true;
                    previous = o;
                }
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(threads * perThread, log.endOffset());
        Map<Integer, Long> nextSeq = new HashMap<>();
        for (LoggedCommand c : readAll(log, 0)) {
            int thread = Commands.threadOf(c.command());
            long seq = Commands.seqOf(c.command());
            assertEquals(nextSeq.getOrDefault(thread, 0L), seq, "thread " + thread + " out of order at " + c.offset());
            nextSeq.put(thread, seq + 1);
        }
        log.whenDurable(threads * perThread - 1).get(30, TimeUnit.SECONDS);
    }

    @Test
    void durableOffsetIsMonotoneAndReachesTheLastAppend() throws Exception {
        CommandLog log = log();
        List<Long> observed = new ArrayList<>();
        CompletableFuture<Long> last = null;
        for (int i = 0; i < 500; i++) {
            long o = log.append(Commands.call(0, i));
            last = log.whenDurable(o);
            observed.add(log.durableOffset());
        }
        assertTrue(last.get(30, TimeUnit.SECONDS) >= 499);
        observed.add(log.durableOffset());
        for (int i = 1; i < observed.size(); i++) {
            assertTrue(observed.get(i) >= observed.get(i - 1), "durable offset went back at " + i);
        }
        assertEquals(499, log.durableOffset());
        assertTrue(log.metrics().recordsAppended() >= 500);
    }

    @Test
    void whenDurableOfAnAlreadyDurableOffsetCompletesAtOnce() throws Exception {
        CommandLog log = log();
        long o = log.append(Commands.call(0, 0));
        log.whenDurable(o).get(30, TimeUnit.SECONDS);
        assertTrue(log.whenDurable(o).isDone());
    }

    @Test
    void reopenContinuesAfterTheLastRecord() {
        CommandLog log = track(newLog());
        for (int i = 0; i < 10; i++) {
            log.append(Commands.call(0, i));
        }
        CommandLog again = reopen(log);
        if (again == null) {
            return; // an in-memory log has nothing to reopen
        }
        track(again);
        assertEquals(10, again.endOffset());
        assertEquals(9, again.durableOffset());
        assertEquals(10, again.append(Commands.call(0, 10)));
        List<LoggedCommand> read = readAll(again, 0);
        assertEquals(11, read.size());
        for (int i = 0; i <= 10; i++) {
            Command expected = Commands.call(0, i);
            assertEquals(expected, read.get(i).command());
        }
    }
    /** Starts {@code threads} tasks on {@code pool}, each appending {@code perThread} calls to {@code log}. */
    private static void appendFrom(ExecutorService pool, int threads, int perThread, CommandLog log) {
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    log.append(Commands.call(thread, i));
                }
            });
        }
    }

    /** Polls a follower until it has yielded {@code count} records, waiting for each (as the writer would). */
    private static List<LoggedCommand> follow(LogTailer<LoggedCommand> follower, int count) throws InterruptedException {
        List<LoggedCommand> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (out.size() < count && System.nanoTime() < deadline) {
            LoggedCommand c = follower.poll();
            if (c == null) {
                c = follower.poll(10, TimeUnit.MILLISECONDS);
            }
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void aFollowerPollingWhileOthersAppendYieldsExactlyWhatTheLogHolds() throws Exception {
        CommandLog log = log();
        int threads = 3;
        int perThread = 400;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<LoggedCommand> followed;
        java.util.concurrent.atomic.AtomicInteger announced = new java.util.concurrent.atomic.AtomicInteger();
        try (LogTailer<LoggedCommand> follower = log.follow(0, announced::incrementAndGet)) {
            appendFrom(pool, threads, perThread, log);
            followed = follow(follower, threads * perThread);
            assertNull(follower.poll(), "nothing past what was appended");
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            assertEquals(threads * perThread, announced.get(), "every append is announced to the follower");
        } finally {
            pool.shutdown();
        }
        assertEquals(readAll(log, 0), followed, "the follower and a reader of the log agree record by record");
    }

    /**
     * An idle writer of a log that announces every append waits for the announcements alone: after each one, what it
     * polls must include the record announced, so waiting on them misses nothing.
     */
    @Test
    void aFollowerWaitingOnlyForAnnouncementsMissesNothingWhenTheLogAnnouncesEveryAppend() throws Exception {
        CommandLog log = log();
        assertEquals(onlyThisObjectAppends(), log.announcesEveryAppend());
        if (!log.announcesEveryAppend()) {
            return; // a shared log's follower also polls for others' records (see DatabaseWriter's idle back-off)
        }
        int threads = 3;
        int perThread = 300;
        java.util.concurrent.Semaphore announcements = new java.util.concurrent.Semaphore(0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<LoggedCommand> followed = new ArrayList<>();
        try (LogTailer<LoggedCommand> follower = log.follow(0, announcements::release)) {
            appendFrom(pool, threads, perThread, log);
            while (followed.size() < threads * perThread) {
                assertTrue(announcements.tryAcquire(30, TimeUnit.SECONDS),
                        "announced records were all polled, yet " + followed.size() + " of " + threads * perThread);
                for (LoggedCommand c = follower.poll(); c != null; c = follower.poll()) {
                    followed.add(c);
                }
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(readAll(log, 0), followed, "the follower and a reader of the log agree record by record");
    }

    @Test
    void aFollowerFarBehindTheAppendsReadsTheRestFromTheLog() throws Exception {
        CommandLog log = log();
        int n = 20_000; // more than the records kept in memory for the follower
        List<CompletableFuture<Long>> appends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            appends.add(log.appendAsync(Commands.call(0, i)));
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        try (LogTailer<LoggedCommand> follower = log.follow(n / 2 - 7, () -> { })) {
            List<LoggedCommand> followed = follow(follower, n - (n / 2 - 7));
            assertEquals(readAll(log, n / 2 - 7), followed);
        }
        // A large record is never kept in memory; the follower reads it from the log like any other.
        byte[] big = new byte[200_000];
        java.util.Arrays.fill(big, (byte) 7);
        Command large = new dev.lightcone.commitlog.record.CallReducer(dev.lightcone.sats.Identity.ZERO,
                dev.lightcone.sats.ConnectionId.ZERO, 1, new dev.lightcone.sats.Timestamp(1), "big", big);
        long at = log.append(large);
        log.append(Commands.call(1, 0));
        try (LogTailer<LoggedCommand> follower = log.follow(at, () -> { })) {
            assertEquals(List.of(new LoggedCommand(at, large), new LoggedCommand(at + 1, Commands.call(1, 0))),
                    follow(follower, 2));
        }
    }
}
