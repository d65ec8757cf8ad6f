package dev.lightcone.bench;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Recovery speed: writes a bank database of {@code accounts} accounts and {@code transfers} transfer
 * commands to a Chronicle log, lets the writer apply them (recording effects), then measures a
 * restart that replays the effect log (no WebAssembly) and one that re-executes every command.
 * Given a {@code dir} that already holds such a database (from an earlier run), it skips the first
 * execution and measures the recoveries only; {@code effectRuns} (default 1) repeats the recovery from
 * the effect log, each in a fresh writer, to see it warm; {@code reexecute} false skips the re-execution.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.lightcone.bench.RecoveryBench [accounts] [transfers] [dir] [effectRuns] [reexecute]</pre>
 */
public final class RecoveryBench {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private RecoveryBench() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int transfers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("lightcone-recovery");
        int effectRuns = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        boolean reexecute = args.length <= 4 || Boolean.parseBoolean(args[4]);
        boolean reuse = Files.isDirectory(dir) && hasLog(dir);
        Identity db = Identity.fromHex("c200" + "ee".repeat(30));
        Identity owner = Identity.fromHex("c200" + "0a".repeat(30));
        DatabaseWriter.Options options = DatabaseWriter.Options.of(db, "bench").withSnapshotEvery(0);
        if (reuse) {
            try (WriterStorage storage = WriterStorage.open(dir)) {
                // The log holds a publish, the seed and the transfers.
                transfers = (int) (storage.commands().endOffset() - 2);
            }
            System.out.println("reusing the database in " + dir + " (" + transfers + " transfers)");
        } else {
            try (WriterStorage storage = WriterStorage.open(dir)) {
                long last = fill(storage.commands(), db, owner, accounts, transfers);
                long t0 = System.nanoTime();
                try (DatabaseWriter w = DatabaseWriter.open(storage, options)) {
                    w.awaitApplied(last, 1, TimeUnit.HOURS);
                }
                report("first execution (module runs, effects recorded)", transfers + 1, t0);
            }
        }
        for (int run = 0; run < effectRuns; run++) {
            try (WriterStorage storage = WriterStorage.open(dir)) {
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                try (DatabaseWriter w = DatabaseWriter.open(storage, options)) {
                    report("recovery from the effect log", transfers + 1, t0);
                    // Recovery runs on the thread that opens the writer; its CPU time is less disturbed by a busy machine.
                    double cpuSecs = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
                    System.out.printf("%-50s %,10d commands in %7.2f s = %,12.0f commands/s%n",
                            "  (CPU time of the recovering thread)", transfers + 1, cpuSecs, (transfers + 1) / cpuSecs);
                }
            }
        }
        if (reexecute) {
            try (WriterStorage storage = WriterStorage.open(dir)) {
                long t0 = System.nanoTime();
                try (DatabaseWriter w = DatabaseWriter.open(WriterStorage.replaying(storage.commands()), options)) {
                    report("recovery by re-execution", transfers + 2, t0);
                }
            }
        }
        System.out.println("data directory: " + dir);
    }

    private static boolean hasLog(Path dir) throws java.io.IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    private static long fill(CommandLog log, Identity db, Identity owner, int accounts, int transfers) throws Exception {
        byte[] bank = ExampleModule.read("bank");
        long micros = 1_700_000_000_000_000L;
        log.append(new PublishModule(db, owner, new ModuleSource.Inline(bank), false, new Timestamp(++micros)));
        long last = log.append(new CallReducer(owner, ConnectionId.ZERO, 0, new Timestamp(++micros), "seed",
                new BsatnWriter().writeU32(accounts).toByteArray()));
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < transfers; i++) {
            byte[] a = new BsatnWriter(16).writeU32(r.nextInt(accounts)).writeU32(r.nextInt(accounts)).writeU64(1)
                    .toByteArray();
            last = log.append(new CallReducer(owner, ConnectionId.ZERO, i, new Timestamp(++micros), "transfer", a));
        }
        log.whenDurable(last).get();
        return last;
    }

    private static void report(String what, long commands, long startNanos) {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-50s %,10d commands in %7.2f s = %,12.0f commands/s%n", what, commands, secs, commands / secs);
    }
}
