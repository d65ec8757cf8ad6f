#!/usr/bin/env bash
# Measures the latency of one durable 4 KiB write (write + fdatasync) in a directory's file system, two ways:
# appending to a growing file (each sync also commits the file-size change to the journal) and writing into a file
# preallocated and synced beforehand (what a preallocated log segment such as Chronicle's sees). COUNT timed writes
# each, then p50/p99/p99.9/max. Needs only a JDK (single-file source launch).
#   bench/fsync-latency.sh [DIR (default: java.io.tmpdir)] [COUNT (default 1000)]
set -euo pipefail
dir="${1:-${TMPDIR:-/tmp}}"
count="${2:-1000}"
src="$(mktemp -d)"
trap 'rm -rf "$src"' EXIT
cat > "$src/FsyncLatency.java" <<'JAVA'
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

public class FsyncLatency {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        System.out.printf("%s (%s), %d x (4 KiB write + fdatasync):%n", dir, Files.getFileStore(dir).type(), n);
        report("appending (file grows)", time(dir, n, false));
        report("preallocated file", time(dir, n, true));
    }

    private static long[] time(Path dir, int n, boolean preallocate) throws Exception {
        Path f = Files.createTempFile(dir, "fsync-latency-", ".bin");
        long[] ns = new long[n];
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocateDirect(4096);
            if (preallocate) {
                for (int i = 0; i < n; i++) {
                    block.clear();
                    ch.write(block, (long) i * 4096);
                }
                ch.force(true);
            }
            for (int i = 0; i < n; i++) {
                block.clear();
                block.putLong(0, i + 1);
                long t = System.nanoTime();
                ch.write(block, (long) i * 4096);
                ch.force(false); // fdatasync
                ns[i] = System.nanoTime() - t;
            }
        } finally {
            Files.deleteIfExists(f);
        }
        Arrays.sort(ns);
        return ns;
    }

    private static void report(String what, long[] ns) {
        System.out.printf("  %-24s p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n", what, ms(ns, 0.50),
                ms(ns, 0.99), ms(ns, 0.999), ns[ns.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
JAVA
java "$src/FsyncLatency.java" "$dir" "$count"
