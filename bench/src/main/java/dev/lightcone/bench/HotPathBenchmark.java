package dev.lightcone.bench;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.memory.InMemoryCommandLog;
import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.Bsatn;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot paths one at a time: BSATN encode/decode of a row, a datastore point lookup and an update
 * by primary key (in a transaction, rolled back), the cost of calling into the module (a reducer
 * that only returns an error), and an append to the in-memory command log (the record codec and framing,
 * without the disk).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class HotPathBenchmark {
    /** A chat-message-shaped row: sender identity, timestamp, text. */
    static final ProductType MESSAGE = ProductType.of("sender", SpecialTypes.IDENTITY, "sent", SpecialTypes.TIMESTAMP,
            "text", PrimitiveType.STRING);
    static final int ACCOUNTS = 100_000;

    private AlgebraicValue message;
    private byte[] messageBytes;
    private ModuleHost bank;
    private ModuleHost hostile;
    private Table accounts;
    private int pkIndex;
    private SplittableRandom random;
    private CommandLog log;
    private final Identity caller = Identity.fromHex("c200" + "21".repeat(30));
    private long micros = 1;
    private final byte[] failArgs = new BsatnWriter().writeString("x").toByteArray();

    @Setup(Level.Trial)
    public void setUp() {
        message = AlgebraicValue.product(caller.toValue(), AlgebraicValue.product(AlgebraicValue.integer(1_700_000_000_000_000L)),
                AlgebraicValue.string("hello, this is a chat message of moderate length"));
        messageBytes = Bsatn.encode(MESSAGE, message);
        bank = ModuleHost.load(ExampleModule.read("bank"), Identity.fromHex("c200" + "22".repeat(30)), caller, "bank",
                ModuleHost.Options.DEFAULT);
        bank.init(new Timestamp(1));
        bank.callReducer("seed", new CallContext(caller, ConnectionId.ZERO, new Timestamp(2)),
                new BsatnWriter().writeU32(ACCOUNTS).toByteArray());
        accounts = bank.datastore().tableByName("accounts");
        pkIndex = accounts.schema().indexes().get(0).indexId();
        hostile = ModuleHost.load(ExampleModule.read("feature-hostile"), Identity.fromHex("c200" + "23".repeat(30)),
                caller, "hostile", ModuleHost.Options.DEFAULT);
        hostile.init(new Timestamp(1));
        random = new SplittableRandom(7);
    }

    /** A fresh log per iteration: the in-memory log keeps every record, so one log for the trial fills the heap. */
    @Setup(Level.Iteration)
    public void newLog() {
        log = InMemoryCommandLog.create();
    }

    @TearDown(Level.Iteration)
    public void closeLog() {
        log.close();
    }

    @Benchmark
    public byte[] bsatnEncodeRow() {
        return Bsatn.encode(MESSAGE, message);
    }

    @Benchmark
    public AlgebraicValue bsatnDecodeRow() {
        return Bsatn.decode(MESSAGE, messageBytes);
    }

    @Benchmark
    public List<Row> datastorePointLookup() {
        MutTx tx = bank.begin();
        try {
            return tx.indexPoint(pkIndex, new BsatnWriter(4).writeU32(random.nextInt(ACCOUNTS)).toByteArray());
        } finally {
            tx.rollback();
        }
    }

    @Benchmark
    public Object datastoreUpdateByPrimaryKey() {
        MutTx tx = bank.begin();
        try {
            byte[] row = new BsatnWriter(12).writeU32(random.nextInt(ACCOUNTS)).writeU64(1000).toByteArray();
            return tx.update(accounts.id(), pkIndex, row);
        } finally {
            tx.rollback();
        }
    }

    /** A module call that does no datastore work: {@code fail(message)} returns its argument as an error. */
    @Benchmark
    public TxResult callReducerNoDatastoreWork() {
        return hostile.callReducer("fail", new CallContext(caller, ConnectionId.ZERO, new Timestamp(++micros)), failArgs);
    }

    @Benchmark
    public long logAppendInMemory() {
        return log.append(new CallReducer(caller, ConnectionId.ZERO, 0, new Timestamp(++micros), "transfer",
                new byte[16]));
    }
}
