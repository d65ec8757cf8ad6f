#!/usr/bin/env bash
# Measures one durable 4 KiB write in a directory's file system, four ways: write + fdatasync appending to a growing
# file (each sync also commits the file-size change to the journal); write + fdatasync into a file preallocated and
# synced beforehand; an O_DSYNC write into such a file; and a store into a mapped file followed by msync of those
# bytes (how Chronicle Queue makes a record durable). COUNT timed writes each: p50/p99/p99.9/max latency, and the CPU
# time the writing thread spent per durable write (the kernel's share included), which bounds what a log that syncs
# every record can cost per record. Needs only a JDK (single-file source launch).
#   bench/fsync-latency.sh [DIR (default: java.io.tmpdir)] [COUNT (default 1000)]
set -euo pipefail
dir="${1:-${TMPDIR:-/tmp}}"
count="${2:-1000}"
src="$(mktemp -d)"
trap 'rm -rf "$src"' EXIT
cat > "$src/FsyncLatency.java" <<'JAVA'
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

public class FsyncLatency {
    private static final int BLOCK = 4096;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    enum Way { APPEND_FDATASYNC, PREALLOCATED_FDATASYNC, PREALLOCATED_O_DSYNC, MAPPED_MSYNC }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        System.out.printf("%s (%s), %d durable 4 KiB writes each way:%n", dir, Files.getFileStore(dir).type(), n);
        report("appending, fdatasync", n, time(dir, n, Way.APPEND_FDATASYNC));
        report("preallocated, fdatasync", n, time(dir, n, Way.PREALLOCATED_FDATASYNC));
        report("preallocated, O_DSYNC", n, time(dir, n, Way.PREALLOCATED_O_DSYNC));
        report("mapped, msync", n, time(dir, n, Way.MAPPED_MSYNC));
    }

    /** Sorted latencies in nanoseconds; the last slot holds the thread's CPU nanoseconds for all writes. */
    private static long[] time(Path dir, int n, Way way) throws Exception {
        Path f = Files.createTempFile(dir, "fsync-latency-", ".bin");
        long[] ns = new long[n + 1];
        try {
            if (way != Way.APPEND_FDATASYNC) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ByteBuffer zeros = ByteBuffer.allocateDirect(BLOCK);
                    for (int i = 0; i < n; i++) {
                        zeros.clear();
                        ch.write(zeros, (long) i * BLOCK);
                    }
                    ch.force(true);
                }
            }
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            if (way == Way.MAPPED_MSYNC) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, (long) n * BLOCK);
                    for (int i = 0; i < n; i++) {
                        long t = System.nanoTime();
                        map.putLong(i * BLOCK, i + 1);
                        map.force(i * BLOCK, BLOCK); // msync of those bytes
                        ns[i] = System.nanoTime() - t;
                    }
                }
            } else {
                StandardOpenOption[] opts = way == Way.PREALLOCATED_O_DSYNC
                        ? new StandardOpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.DSYNC}
                        : new StandardOpenOption[] {StandardOpenOption.WRITE};
                try (FileChannel ch = FileChannel.open(f, opts)) {
                    ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
                    for (int i = 0; i < n; i++) {
                        block.clear();
                        block.putLong(0, i + 1);
                        long t = System.nanoTime();
                        ch.write(block, (long) i * BLOCK);
                        if (way != Way.PREALLOCATED_O_DSYNC) {
                            ch.force(false); // fdatasync
                        }
                        ns[i] = System.nanoTime() - t;
                    }
                }
            }
            ns[n] = THREADS.getCurrentThreadCpuTime() - cpu0;
        } finally {
            Files.deleteIfExists(f);
        }
        Arrays.sort(ns, 0, n);
        return ns;
    }

    private static void report(String what, int n, long[] ns) {
        System.out.printf("  %-24s p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms; CPU %.1f µs per write%n",
                what, ms(ns, n, 0.50), ms(ns, n, 0.99), ms(ns, n, 0.999), ns[n - 1] / 1e6, ns[n] / 1e3 / n);
    }

    private static double ms(long[] sorted, int n, double q) {
        return sorted[Math.min(n - 1, (int) Math.ceil(q * n) - 1)] / 1e6;
    }
}
JAVA
java "$src/FsyncLatency.java" "$dir" "$count"
