package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox on a real Netty event loop. */
class EventLoopOutboxTest {
    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
    private final EventLoop loop = group.next();
    private final EventLoopOutbox outbox = new EventLoopOutbox.PerLoop().of(loop);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void workFromManyThreadsRunsOnTheLoopInEachThreadsOrderAndNothingIsLost() throws Exception {
        int threads = 4;
        int perThread = 3 * EventLoopOutbox.MAX_PER_TASK;
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            seen.add(new ArrayList<>());
        }
        CountDownLatch done = new CountDownLatch(threads * perThread);
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> mine = seen.get(t);
            Thread poster = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    outbox.post(() -> {
                        assertTrue(loop.inEventLoop());
                        mine.add(n);
                        done.countDown();
                    });
                }
            });
            posters.add(poster);
            poster.start();
        }
        for (Thread p : posters) {
            p.join();
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), "work left undone: " + done.getCount());
        for (List<Integer> mine : seen) {
            assertEquals(perThread, mine.size());
            for (int i = 0; i < perThread; i++) {
                assertEquals(i, mine.get(i));
            }
        }
    }

    @Test
    void aFlushAskedForDuringARunRunsOnceAfterAllOfItsWork() throws Exception {
        List<String> events = new ArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        // Hold the loop so the next posts land in one run.
        loop.execute(() -> awaitQuietly(gate));
        Runnable flush = () -> events.add("flush");
        outbox.post(() -> {
            events.add("write 1");
            outbox.flushAtEnd(flush);
        });
        outbox.post(() -> events.add("write 2"));
        outbox.post(() -> {
            throw new IllegalStateException("one connection's write failed");
        });
        outbox.post(() -> events.add("write 3"));
        gate.countDown();
        outbox.post(() -> {
        });
        loop.execute(finished::countDown);
        assertTrue(finished.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("write 1", "write 2", "write 3", "flush"), events.subList(0, 4));
        assertEquals(1, events.stream().filter("flush"::equals).count());
    }

    private static void awaitQuietly(CountDownLatch gate) {
        try {
            gate.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
