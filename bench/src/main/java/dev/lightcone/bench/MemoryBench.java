package dev.lightcone.bench;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes per row of the bank's {@code accounts} table ({@code id u32} primary key, {@code balance i64}):
 * seeds {@code rows} accounts through the module and reports the heap growth after a full GC and the
 * process's resident size.
 *
 * <pre>java -Xmx12g -cp bench/target/benchmarks.jar dev.lightcone.bench.MemoryBench 1000000</pre>
 */
public final class MemoryBench {
    private MemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Identity owner = Identity.fromHex("c200" + "0c".repeat(30));
        ModuleHost host = ModuleHost.load(ExampleModule.read("bank"), Identity.fromHex("c200" + "0d".repeat(30)), owner,
                "memory", ModuleHost.Options.DEFAULT);
        host.init(new Timestamp(1));
        long heapBefore = usedHeapAfterGc();
        long rssBefore = rssBytes();
        int step = 250_000;
        for (int n = Math.min(step, rows); ; n = Math.min(n + step, rows)) {
            TxResult r = host.callReducer("seed", new CallContext(owner, ConnectionId.ZERO, new Timestamp(n)),
                    new BsatnWriter().writeU32(n).toByteArray());
            if (!r.outcome().committed()) {
                throw new IllegalStateException("seed failed: " + r.outcome());
            }
            if (n == rows) {
                break;
            }
        }
        int count = host.datastore().tableByName("accounts").size();
        long heapAfter = usedHeapAfterGc();
        long rssAfter = rssBytes();
        System.out.printf("rows %,d: heap %,d bytes (%.1f per row), resident set %,d bytes (%.1f per row)%n", count,
                heapAfter - heapBefore, (heapAfter - heapBefore) / (double) count, rssAfter - rssBefore,
                (rssAfter - rssBefore) / (double) count);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS from /proc/self/status, in bytes (0 where there is no /proc). */
    private static long rssBytes() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
