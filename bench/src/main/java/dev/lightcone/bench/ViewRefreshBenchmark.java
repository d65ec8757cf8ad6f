package dev.lightcone.bench;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.List;
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
 * The cost views add to a transaction ({@code feature-views}): {@code senders} identities have joined
 * and each holds a materialized {@code my_player} (a per-sender view reading {@code players}). A
 * transaction that writes {@code players} re-runs every instance (read sets are kept per table);
 * one that writes {@code notes}, which no view reads, must cost what it costs with no view at all.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ViewRefreshBenchmark {
    @Param({"1000"})
    int senders;

    private ModuleHost withViews;
    private ModuleHost withoutViews;
    private Identity[] identities;
    private ConnectionId[] connections;
    private final SplittableRandom random = new SplittableRandom(7);
    private long micros = 1_700_000_000_000_000L;

    @Setup(Level.Trial)
    public void setUp() {
        withViews = host(true);
        withoutViews = host(false);
    }

    private ModuleHost host(boolean subscribe) {
        ModuleHost host = ModuleHost.load(ExampleModule.read("feature-views"), Identity.fromHex("c200" + "31".repeat(30)),
                Identity.fromHex("c200" + "0f".repeat(30)), "views", ModuleHost.Options.DEFAULT);
        host.init(next());
        identities = new Identity[senders];
        connections = new ConnectionId[senders];
        for (int i = 0; i < senders; i++) {
            byte[] id = new byte[32];
            id[0] = (byte) i;
            id[1] = (byte) (i >>> 8);
            id[31] = (byte) 0xC2;
            identities[i] = Identity.fromLittleEndian(id);
            connections[i] = ConnectionId.fromWords(i + 1, 7);
            CallContext ctx = new CallContext(identities[i], connections[i], next());
            check(host.connect(ctx, null));
            check(host.callReducer("join", ctx, new BsatnWriter().writeString("player " + i).toByteArray()));
            if (subscribe) {
                check(host.subscribeViews(ctx, List.of("my_player")));
            }
        }
        return host;
    }

    private Timestamp next() {
        return new Timestamp(++micros);
    }

    private static void check(TxResult r) {
        if (!r.outcome().committed()) {
            throw new IllegalStateException("set-up failed: " + r.outcome());
        }
    }

    private TxResult call(ModuleHost host, String reducer, byte[] args) {
        int i = random.nextInt(senders);
        return host.callReducer(reducer, new CallContext(identities[i], connections[i], next()), args);
    }

    /** Writes {@code players}: every {@code my_player} instance runs again; one of them changes. */
    @Benchmark
    public TxResult writeTableTheViewsRead() {
        return call(withViews, "set_score", new BsatnWriter().writeU64(random.nextInt(1000)).toByteArray());
    }

    /** Writes {@code notes} with 1,000 instances materialized: no view runs. */
    @Benchmark
    public TxResult writeUnrelatedTable() {
        return call(withViews, "add_note", new BsatnWriter().writeString("note").toByteArray());
    }

    /** The same write on a database where nobody subscribed to a view: the baseline. */
    @Benchmark
    public TxResult writeUnrelatedTableWithoutViews() {
        return call(withoutViews, "add_note", new BsatnWriter().writeString("note").toByteArray());
    }
}
