package dev.lightcone.bench;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.LogMetrics;
import dev.lightcone.commitlog.chronicle.ChronicleCommandLog;
import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable appends per second with group commit: {@code threads} producers each keep {@code inFlight}
 * transfer-sized records waiting for durability (as connections with calls in flight do) for
 * {@code seconds}; reports appends/s, syncs and records per sync.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.lightcone.bench.LogAppendBench [threads] [inFlight] [seconds] [dir]</pre>
 */
public final class LogAppendBench {
    private LogAppendBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("lightcone-append");
        Identity caller = Identity.fromHex("c200" + "0b".repeat(30));
        byte[] transferArgs = new byte[16];
        AtomicLong durable = new AtomicLong();
        try (CommandLog log = ChronicleCommandLog.open(dir)) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    Semaphore window = new Semaphore(inFlight);
                    int i = 0;
                    while (System.nanoTime() < end) {
                        window.acquireUninterruptibly();
                        long off = log.append(new CallReducer(caller, ConnectionId.ZERO, i++, new Timestamp(i),
                                "transfer", transferArgs));
                        CompletableFuture<Long> f = log.whenDurable(off);
                        f.whenComplete((v, e) -> {
                            durable.incrementAndGet();
                            window.release();
                        });
                    }
                    window.acquireUninterruptibly(inFlight);
                });
                producers.add(th);
                th.start();
            }
            long t0 = System.nanoTime();
            for (Thread th : producers) {
                th.join();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            LogMetrics m = log.metrics();
            System.out.printf("%d threads x %d in flight: %,d durable appends in %.1f s = %,.0f/s; %,d syncs, "
                    + "%.1f records/sync (max %d), mean sync %.0f µs%n", threads, inFlight, durable.get(), secs,
                    durable.get() / secs, m.syncs(), m.meanRecordsPerSync(), m.maxRecordsPerSync(), m.meanSyncMicros());
        }
    }
}
