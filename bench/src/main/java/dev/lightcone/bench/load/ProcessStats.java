package dev.lightcone.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** CPU time and resident memory of this process (JVM beans, {@code /proc/self}) or of another ({@code /proc/PID}). */
final class ProcessStats {
    /** Linux reports CPU times in /proc in units of USER_HZ, which is 100 on every common platform. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessStats() {
    }

    /** CPU time (user + system) this JVM has used. */
    static long selfCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time (user + system) of the given threads of this JVM. */
    static long threadsCpuNanos(List<Thread> threads) {
        var mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : threads) {
            long ns = mx.getThreadCpuTime(t.getId());
            if (ns > 0) {
                sum += ns;
            }
        }
        return sum;
    }

    /** CPU time (user + system) of process {@code pid} from {@code /proc/PID/stat}, or -1. */
    static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A {@code kB} line of {@code /proc/PID/status} ({@code "self"} for this process) in bytes, or -1. */
    static long statusBytes(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field + ":")) {
                    String v = line.substring(field.length() + 1).trim();
                    return Long.parseLong(v.substring(0, v.indexOf(' '))) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time all processes of the machine have used (every non-idle column of {@code /proc/stat}), or -1. */
    static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of every live thread of this JVM, summed by name with a database id replaced by {@code DB} and digits
     * by {@code #} (so a pool's threads add up). JVM-internal threads (GC, compiler) are not Java threads and are not
     * included.
     */
    static Map<String, Long> cpuByThreadGroup() {
        var mx = ManagementFactory.getThreadMXBean();
        return sumByThreadGroup(mx, mx::getThreadCpuTime);
    }

    /**
     * Heap bytes allocated so far by this JVM's live threads, summed by thread group as in {@link #cpuByThreadGroup};
     * empty if the JVM does not count them.
     */
    static Map<String, Long> allocatedByThreadGroup() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadAllocatedMemorySupported() || !mx.isThreadAllocatedMemoryEnabled()) {
            return Map.of();
        }
        return sumByThreadGroup(mx, mx::getThreadAllocatedBytes);
    }

    /** A per-thread count (positive values only) of every live thread, summed by {@link #threadGroup}. */
    private static Map<String, Long> sumByThreadGroup(java.lang.management.ThreadMXBean mx,
            java.util.function.LongUnaryOperator countOfThread) {
        Map<String, Long> byName = new HashMap<>();
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long count = countOfThread.applyAsLong(info.getThreadId());
            if (count > 0) {
                byName.merge(threadGroup(info.getThreadName()), count, Long::sum);
            }
        }
        return byName;
    }

    /** A thread's group: its name with a database identity shortened to {@code DB} and digits replaced by {@code #}. */
    private static String threadGroup(String threadName) {
        return threadName.replaceAll("-[0-9a-f]{8,}", "-DB").replaceAll("[0-9]+", "#");
    }

    /**
     * Voluntary context switches (a thread blocking: each is later one wake-up) of the threads of process {@code pid}
     * ({@code "self"} for this one), summed by thread name with digits replaced by {@code #}, leaving out threads
     * whose name starts with {@code excludedPrefix}; empty if {@code /proc} cannot tell. Linux keeps a thread's name
     * in {@code comm}, cut to 15 characters, so {@code lightcone-writer-…} shows as {@code lightcone-write}.
     */
    static Map<String, Long> voluntarySwitchesByThread(String pid, String excludedPrefix) {
        Map<String, Long> byName = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : (Iterable<Path>) dirs::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (!excludedPrefix.isEmpty() && name.startsWith(excludedPrefix)) {
                        continue;
                    }
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            byName.merge(name.replaceAll("[0-9]+", "#"),
                                    Long.parseLong(line.substring(line.indexOf(':') + 1).trim()), Long::sum);
                        }
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // The thread ended between listing and reading: its switches are no longer counted anywhere.
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return byName;
    }

    /** Time this JVM's JIT compilers have spent compiling, in milliseconds, or -1 if the JVM does not tell. */
    static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** The machine's load average over the last minute ({@code /proc/loadavg}), or NaN. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Heap in use after a full collection (asks for one first). */
    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
