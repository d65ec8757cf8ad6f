package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle server spends no measurable CPU: its writer, release and watchdog threads park until there is work
 * (no polling loops). Measured as the CPU time those threads use, not as wall-clock time.
 */
class IdleCpuTest {
    /** The old polling loops used about 45 ms of CPU in this window (writer every 2 ms, watchdog every 5 ms). */
    private static final long BUDGET_NANOS = 15_000_000;

    @Test
    void anIdleDatabaseParksItsThreads(@TempDir Path dir) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        try (ServedNode s = ServedNode.open(dir)) {
            ServedNode.Minted owner = s.mint();
            assertEquals(200, s.publish("chat", "quickstart-chat.wasm", owner).statusCode());
            assertEquals(200, s.call("chat", "send_message", "[\"warm up\"]", owner).statusCode());
            Thread.sleep(1_000); // let the call's connect and disconnect finish; the back-off reaches its bound
            Map<Long, Long> before = serverThreadCpu(threads);
            assertTrue(before.size() >= 3, "found the writer, release and watchdog threads: " + before.size());
            Thread.sleep(3_000);
            Map<Long, Long> after = serverThreadCpu(threads);
            long used = 0;
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                used += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            assertTrue(used < BUDGET_NANOS, "idle server threads used " + used / 1_000 + " µs of CPU in 3 s");
            // Still serving at once after the idle period.
            assertEquals(200, s.call("chat", "send_message", "[\"after idle\"]", owner).statusCode());
        }
    }

    private static Map<Long, Long> serverThreadCpu(ThreadMXBean threads) {
        Map<Long, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (n.startsWith("lightcone-writer-") || n.startsWith("lightcone-release-")
                    || n.equals("lightcone-call-watchdog")) {
                long cpu = threads.getThreadCpuTime(t.getId());
                if (cpu >= 0) {
                    out.put(t.getId(), cpu);
                }
            }
        }
        return out;
    }
}
