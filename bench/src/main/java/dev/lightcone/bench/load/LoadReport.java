package dev.lightcone.bench.load;

import java.util.Arrays;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured. Counts of calls cover the whole run (warm-up, measurement and drain); rates, latency
 * and CPU cover the measured seconds only. Latency is from writing a call to reading its {@code ReducerResult}, for
 * calls sent during the measured seconds, in microseconds.
 *
 * @param perSecond          commits whose result arrived in each measured second
 * @param cpu                CPU use over the measured seconds
 * @param heapAfterGcBytes   heap in use after a full collection at the end (embedded only, else -1)
 * @param rssBytes           the server's resident set at the end (embedded: the whole process), or -1
 * @param peakRssBytes       the server's peak resident set, or -1
 */
public record LoadReport(LoadConfig config, String target, double seedSeconds, long committedMeasured,
        long[] perSecond, Histogram latencyMicros, long sent, long committed, long errs, long internalErrors,
        long timeouts, long lateResults, long protocolErrors, Map<String, Long> errorKinds, Cpu cpu,
        long heapAfterGcBytes, long rssBytes, long peakRssBytes, BankAdmin.Totals before, BankAdmin.Totals after) {

    /**
     * CPU time over the measured seconds divided by their wall time, in cores.
     *
     * @param server    the server (embedded: this process minus the generator's client threads; NaN: unknown)
     * @param generator the generator (embedded: its client threads only)
     * @param machine   every process on the machine, from {@code /proc/stat} (shows other load on shared cores)
     * @param loadBefore the machine's 1-minute load average when the measured seconds began
     * @param loadAfter  the same when they ended
     * @param serverWakeupsPerSecond voluntary context switches of the server's threads per second (a thread that
     *                  blocks is woken once later: the hand-offs between threads); NaN: unknown
     * @param wakeupsByThread the thread groups that woke most, wake-ups per second
     * @param busiest   embedded only: the busiest thread groups of this JVM (digits in names replaced by #)
     * @param jit       embedded only: JIT compilation in this JVM, in compiler-thread seconds per second (NaN:
     *                  unknown); well above zero means the code is not warm yet and the figures will still improve
     * @param allocatedBytesPerSecond embedded only: the thread groups of this JVM that allocated most heap, bytes per
     *                  second (garbage made per transaction is what drives the collector's pauses)
     */
    public record Cpu(double server, double generator, double machine, double loadBefore, double loadAfter,
            double serverWakeupsPerSecond,
            Map<String, Double> wakeupsByThread, Map<String, Double> busiest, double jit,
            Map<String, Double> allocatedBytesPerSecond) {
    }

    /** Server CPU time per committed transaction, in microseconds (NaN: unknown or nothing committed). */
    public double serverCpuMicrosPerTx() {
        return perTx(cpu.server() * 1e6);
    }

    /** The whole machine's CPU time per committed transaction (server, generator and anything else), µs. */
    public double machineCpuMicrosPerTx() {
        return perTx(cpu.machine() * 1e6);
    }

    /** Server thread wake-ups per committed transaction. */
    public double serverWakeupsPerTx() {
        return perTx(cpu.serverWakeupsPerSecond());
    }

    private double perTx(double perSecond) {
        double tx = txPerSecond();
        return tx <= 0 ? Double.NaN : perSecond / tx;
    }

    /** Mean committed transfers per measured second. */
    public double txPerSecond() {
        return committedMeasured / (double) config.durationSeconds();
    }

    /** The money in the bank did not change and no account appeared or vanished. */
    public boolean balanceConserved() {
        return before.balance() == after.balance() && before.accounts() == after.accounts();
    }

    /** The report as a Markdown table of every number. */
    public String toMarkdown() {
        long[] s = perSecond.clone();
        Arrays.sort(s);
        StringBuilder b = new StringBuilder();
        b.append("| ").append(config.describe()).append(" | |\n|---|---|\n");
        row(b, "server", target);
        row(b, "seeding", String.format("%.1f s", seedSeconds));
        row(b, "transactions/s (mean)", String.format("%,.0f", txPerSecond()));
        row(b, "per second min / p50 / max", s.length == 0 ? "-"
                : String.format("%,d / %,d / %,d", s[0], s[s.length / 2], s[s.length - 1]));
        row(b, "per second, in order", Arrays.stream(perSecond).mapToObj(v -> String.format("%,d", v))
                .collect(java.util.stream.Collectors.joining(" ")));
        row(b, "latency p50 / p99 / p99.9 / max", String.format("%s / %s / %s / %s",
                ms(latencyMicros.getValueAtPercentile(50)), ms(latencyMicros.getValueAtPercentile(99)),
                ms(latencyMicros.getValueAtPercentile(99.9)), ms(latencyMicros.getMaxValue())));
        row(b, "latency mean (calls measured)", String.format("%s (%,d)", ms(Math.round(latencyMicros.getMean())),
                latencyMicros.getTotalCount()));
        row(b, "calls sent / committed (whole run)", String.format("%,d / %,d", sent, committed));
        row(b, "errors: Err / InternalError / timeout / protocol", String.format("%,d / %,d / %,d / %,d", errs,
                internalErrors, timeouts, protocolErrors));
        if (lateResults > 0) {
            row(b, "results after their time-out", String.format("%,d", lateResults));
        }
        errorKinds.forEach((k, v) -> row(b, "error kind", String.format("%,d × %s", v, k)));
        row(b, "CPU cores: server / generator / whole machine", String.format("%s / %s / %s (of %d)",
                cores(cpu.server()), cores(cpu.generator()), cores(cpu.machine()),
                Runtime.getRuntime().availableProcessors()));
        if (!Double.isNaN(cpu.jit())) {
            row(b, "JIT compiling during the measured seconds (compiler threads, this JVM)",
                    String.format("%.2f cores%s", cpu.jit(), cpu.jit() > 0.05 ? ": not warm yet, use a longer --warmup" : ""));
        }
        row(b, "machine load average (1 min) at start / end of the measured seconds",
                String.format("%.2f / %.2f", cpu.loadBefore(), cpu.loadAfter()));
        row(b, "CPU per transaction: server / whole machine", String.format("%s / %s µs",
                micros(serverCpuMicrosPerTx()), micros(machineCpuMicrosPerTx())));
        row(b, "server thread wake-ups per transaction", Double.isNaN(serverWakeupsPerTx()) ? "?"
                : String.format("%.2f", serverWakeupsPerTx()));
        if (!cpu.wakeupsByThread().isEmpty() && txPerSecond() > 0) {
            row(b, "wake-ups per transaction by thread (names cut to 15 characters)",
                    cpu.wakeupsByThread().entrySet().stream()
                            .map(e -> e.getKey() + " " + String.format("%.2f", e.getValue() / txPerSecond()))
                            .collect(java.util.stream.Collectors.joining(", ")));
        }
        if (!cpu.busiest().isEmpty()) {
            row(b, "busiest threads (cores)", cpu.busiest().entrySet().stream()
                    .map(e -> e.getKey() + " " + cores(e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        if (!cpu.allocatedBytesPerSecond().isEmpty() && txPerSecond() > 0) {
            row(b, "heap allocated per transaction by thread (this JVM)",
                    cpu.allocatedBytesPerSecond().entrySet().stream()
                            .map(e -> e.getKey() + " " + String.format("%,.0f B", e.getValue() / txPerSecond()))
                            .collect(java.util.stream.Collectors.joining(", ")));
        }
        row(b, "heap after GC / RSS / peak RSS", String.format("%s / %s / %s", mib(heapAfterGcBytes), mib(rssBytes),
                mib(peakRssBytes)));
        row(b, "balance before / after (accounts)", String.format("%,d / %,d (%,d / %,d) %s", before.balance(),
                after.balance(), before.accounts(), after.accounts(), balanceConserved() ? "conserved" : "CHANGED"));
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    private static String cores(double c) {
        return Double.isNaN(c) ? "?" : String.format("%.2f", c);
    }

    private static String micros(double us) {
        return Double.isNaN(us) ? "?" : String.format("%,.1f", us);
    }

    private static String ms(long micros) {
        return String.format("%.2f ms", micros / 1000.0);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format("%,d MiB", bytes >> 20);
    }
}
