package dev.lightcone.bench;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.host.ExecutionMode;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bank module's {@code transfer} reducer (two primary-key lookups, two updates) run in-process
 * through the WebAssembly host and the datastore: the writer thread's cost per transaction, without
 * the log, the network or subscriptions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TransferBenchmark {
    @Param({"COMPILED"})
    public ExecutionMode mode;

    @Param({"100000"})
    public int accounts;

    private ModuleHost host;
    private SplittableRandom random;
    private long micros;
    private final Identity caller = Identity.fromHex("c200" + "11".repeat(30));
    private final BsatnWriter args = new BsatnWriter(32);

    @Setup(Level.Trial)
    public void setUp() {
        host = ModuleHost.load(ExampleModule.read("bank"), Identity.fromHex("c200" + "22".repeat(30)), caller, "bench",
                ModuleHost.Options.DEFAULT.withMode(mode));
        host.init(new Timestamp(1));
        TxResult seeded = host.callReducer("seed", new CallContext(caller, ConnectionId.ZERO, new Timestamp(2)),
                new BsatnWriter().writeU32(accounts).toByteArray());
        if (!seeded.outcome().committed()) {
            throw new IllegalStateException("seed failed: " + seeded.outcome());
        }
        random = new SplittableRandom(42);
        micros = 1_000_000;
    }

    @Benchmark
    public TxResult transfer() {
        int from = random.nextInt(accounts);
        int to = random.nextInt(accounts);
        args.reset().writeU32(from).writeU32(to).writeU64(1);
        return host.callReducer("transfer", new CallContext(caller, ConnectionId.ZERO, new Timestamp(++micros)),
                args.toByteArray());
    }
}
