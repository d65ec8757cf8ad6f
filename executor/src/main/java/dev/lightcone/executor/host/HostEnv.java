package dev.lightcone.executor.host;

import dev.lightcone.executor.datastore.DatastoreException;
import dev.lightcone.executor.datastore.IndexNotUniqueException;
import dev.lightcone.executor.datastore.InsertResult;
import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.datastore.NoSuchIndexException;
import dev.lightcone.executor.datastore.NoSuchRowException;
import dev.lightcone.executor.datastore.NoSuchTableException;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.SequenceExhaustedException;
import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.datastore.UniqueConstraintViolationException;
import dev.lightcone.executor.datastore.WrongIndexAlgorithmException;
import dev.lightcone.executor.log.LogLevel;
import dev.lightcone.executor.log.ModuleLog;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host side of one module instance: the state the {@code spacetime_10.x} imports act on (the
 * open transaction, bytes sources and sinks, row iterators, timers) and the operations behind each
 * import. Import classes only decode arguments and call these methods. Confined to the thread
 * running the instance.
 *
 * <p>Why it is this long: one method per host import of the ABI (module-abi §5), next to the per-instance
 * state those imports share; splitting them would scatter that state. {@code Abi10Imports} is the table.
 */
public final class HostEnv {
    /** Rows are grouped into chunks of at most this many bytes (whole rows), as the reference host does. */
    static final int CHUNK_BYTES = 32 * 1024;

    private final HostEnvFactory.DatastoreRef datastoreRef;
    private final Identity databaseIdentity;
    private final ModuleLog log;
    private final ScheduleLimits scheduleLimits;
    private GuestMemory memory;

    private MutTx tx;
    private boolean readOnly;
    private boolean procedureTx;
    private CallContext call;
    private String function;
    /** The message of the last panic the module logged during the current call (its panic hook logs it). */
    private String panicMessage;
    private ProcedureSupport procedures;
    private CallWatchdog.Deadline deadline;

    private final List<byte[]> sources = new ArrayList<>();
    private final List<int[]> sourcePositions = new ArrayList<>();
    private final List<BsatnWriter> sinks = new ArrayList<>();
    /** Open row iterators: iterator {@code i} is element {@code i - 1}, null once exhausted or closed. */
    private final List<ArrayDeque<byte[]>> iterators = new ArrayList<>();
    private final Map<Integer, Timer> timers = new HashMap<>();
    private int nextTimer = 1;

    private record Timer(String name, long startNanos) {
    }

    HostEnv(HostEnvFactory.DatastoreRef datastore, Identity databaseIdentity, ModuleLog log,
            ScheduleLimits scheduleLimits) {
        this.datastoreRef = datastore;
        this.databaseIdentity = databaseIdentity;
        this.log = log;
        this.scheduleLimits = scheduleLimits;
    }

    void attach(GuestMemory memory) {
        this.memory = memory;
    }

    GuestMemory memory() {
        if (memory == null) {
            throw new HostTrap("host function called before the module's memory was available");
        }
        return memory;
    }

    // ---------------------------------------------------------------- per-call state

    /** Prepares for one export call: who calls, which transaction (may be null) and what runs. */
    void beginCall(CallContext ctx, MutTx transaction, boolean isReadOnly, String functionName) {
        this.call = ctx;
        this.tx = transaction;
        this.readOnly = isReadOnly;
        this.procedureTx = false;
        this.function = functionName;
        this.panicMessage = null;
    }

    /** The message of the panic the module logged during this call, if it logged one. */
    java.util.Optional<String> panicMessage() {
        return java.util.Optional.ofNullable(panicMessage);
    }

    /** Drops every per-call handle; the counters restart at 1 for the next call. */
    void endCall() {
        sources.clear();
        sourcePositions.clear();
        sinks.clear();
        iterators.clear();
        timers.clear();
        nextTimer = 1;
        tx = null;
        call = null;
        function = null;
        procedures = null;
        deadline = null;
    }

    /** The running call's time limit, paused while the guest waits in a blocking import. */
    void setDeadline(CallWatchdog.Deadline d) {
        this.deadline = d;
    }

    /** Runs a host operation that may wait (sleep, HTTP, the writer) with the call's clock stopped. */
    private <T> T blocking(java.util.function.Supplier<T> op) {
        if (deadline != null) {
            deadline.pause();
        }
        try {
            return op.get();
        } finally {
            if (deadline != null) {
                deadline.resume();
            }
        }
    }

    void setProcedureSupport(ProcedureSupport support) {
        this.procedures = support;
    }

    MutTx transaction() {
        return tx;
    }

    boolean procedureTxOpen() {
        return procedureTx && tx != null;
    }

    /** Registers bytes to be read by the guest; empty bytes get the id 0, meaning "nothing". */
    int newSource(byte[] bytes) {
        if (bytes.length == 0) {
            return 0;
        }
        sources.add(bytes);
        sourcePositions.add(new int[] {0});
        return sources.size();
    }

    int newSink() {
        sinks.add(new BsatnWriter(64));
        return sinks.size();
    }

    byte[] sinkBytes(int sink) {
        return sinks.get(sink - 1).toByteArray();
    }

    // ---------------------------------------------------------------- bytes

    int bytesSourceRead(int source, int bufPtr, int lenPtr) {
        GuestMemory m = memory();
        int capacity = m.readU32(lenPtr);
        if (source <= 0 || source > sources.size() || sources.get(source - 1) == null) {
            return Errno.NO_SUCH_BYTES.code();
        }
        byte[] data = sources.get(source - 1);
        int[] pos = sourcePositions.get(source - 1);
        long cap = capacity & 0xFFFFFFFFL;
        int n = (int) Math.min(cap, data.length - pos[0]);
        if (n > 0) {
            m.write(bufPtr, data, pos[0], n);
        } else {
            m.check(bufPtr, 0);
        }
        pos[0] += n;
        m.writeU32(lenPtr, n);
        if (pos[0] >= data.length) {
            sources.set(source - 1, null);
            return Errno.EXHAUSTED;
        }
        return Errno.OK;
    }

    int bytesSourceRemainingLength(int source, int outPtr) {
        GuestMemory m = memory();
        m.check(outPtr, 4);
        if (source <= 0 || source > sources.size() || sources.get(source - 1) == null) {
            return Errno.NO_SUCH_BYTES.code();
        }
        m.writeU32(outPtr, sources.get(source - 1).length - sourcePositions.get(source - 1)[0]);
        return Errno.OK;
    }

    int bytesSinkWrite(int sink, int bufPtr, int lenPtr) {
        GuestMemory m = memory();
        int len = m.readU32(lenPtr);
        if (sink <= 0 || sink > sinks.size()) {
            return Errno.NO_SUCH_BYTES.code();
        }
        byte[] data = m.read(bufPtr, len);
        sinks.get(sink - 1).writeRaw(data);
        return Errno.OK;
    }

    // ---------------------------------------------------------------- names and counts

    int tableIdFromName(int namePtr, int nameLen, int outPtr) {
        return idFromName(namePtr, nameLen, outPtr, Errno.NO_SUCH_TABLE, name -> {
            Table t = datastoreRef.get().tableByName(name);
            return t == null ? null : t.id();
        });
    }

    int indexIdFromName(int namePtr, int nameLen, int outPtr) {
        return idFromName(namePtr, nameLen, outPtr, Errno.NO_SUCH_INDEX, datastoreRef.get()::indexIdByName);
    }

    /** The shared shape of the two name lookups: UTF-8 name in, u32 id out, one "unknown" error. */
    private int idFromName(int namePtr, int nameLen, int outPtr, Errno unknown,
            java.util.function.Function<String, Integer> lookup) {
        String name = memory().readUtf8(namePtr, nameLen);
        memory().check(outPtr, 4);
        if (tx == null) {
            return Errno.NOT_IN_TRANSACTION.code();
        }
        Integer id = lookup.apply(name);
        if (id == null) {
            return unknown.code();
        }
        memory().writeU32(outPtr, id);
        return Errno.OK;
    }

    int tableRowCount(int tableId, int outPtr) {
        memory().check(outPtr, 8);
        if (tx == null) {
            return Errno.NOT_IN_TRANSACTION.code();
        }
        return guarded(() -> {
            memory().writeU64(outPtr, tx.rowCount(tableId));
            return Errno.OK;
        });
    }

    // ---------------------------------------------------------------- scans

    int tableScan(int tableId, int outPtr) {
        memory().check(outPtr, 4);
        if (tx == null) {
            return Errno.NOT_IN_TRANSACTION.code();
        }
        return guarded(() -> writeIterator(outPtr, tx.scan(tableId)));
    }

    int indexScanRange(int indexId, int prefixPtr, int prefixLen, int prefixElems, int startPtr, int startLen,
            int endPtr, int endLen, int outPtr) {
        RangeArgs a = readRange(prefixPtr, prefixLen, prefixElems, startPtr, startLen, endPtr, endLen);
        memory().check(outPtr, 4);
        if (tx == null) {
            return Errno.NOT_IN_TRANSACTION.code();
        }
        return guarded(() -> writeIterator(outPtr, tx.indexRange(indexId, a.prefix, a.elems, a.start, a.end)));
    }

    int deleteByIndexScanRange(int indexId, int prefixPtr, int prefixLen, int prefixElems, int startPtr,
            int startLen, int endPtr, int endLen, int outPtr) {
        RangeArgs a = readRange(prefixPtr, prefixLen, prefixElems, startPtr, startLen, endPtr, endLen);
        memory().check(outPtr, 4);
        int denied = checkWritable();
        if (denied != Errno.OK) {
            return denied;
        }
        return guarded(() -> {
            memory().writeU32(outPtr, tx.deleteByIndexRange(indexId, a.prefix, a.elems, a.start, a.end));
            return Errno.OK;
        });
    }

    private record RangeArgs(byte[] prefix, int elems, byte[] start, byte[] end) {
    }

    private RangeArgs readRange(int prefixPtr, int prefixLen, int prefixElems, int startPtr, int startLen,
            int endPtr, int endLen) {
        if ((prefixElems & 0xFFFFFFFFL) > 0xFFFF) {
            throw new HostTrap("prefix_elems " + (prefixElems & 0xFFFFFFFFL) + " does not fit in u16");
        }
        byte[] prefix = prefixElems == 0 ? new byte[0] : memory().read(prefixPtr, prefixLen);
        return new RangeArgs(prefix, prefixElems, memory().read(startPtr, startLen), memory().read(endPtr, endLen));
    }

    int indexScanPoint(int indexId, int pointPtr, int pointLen, int outPtr) {
        byte[] point = memory().read(pointPtr, pointLen);
        memory().check(outPtr, 4);
        if (tx == null) {
            return Errno.NOT_IN_TRANSACTION.code();
        }
        return guarded(() -> writeIterator(outPtr, tx.indexPoint(indexId, point)));
    }

    int deleteByIndexScanPoint(int indexId, int pointPtr, int pointLen, int outPtr) {
        byte[] point = memory().read(pointPtr, pointLen);
        memory().check(outPtr, 4);
        int denied = checkWritable();
        if (denied != Errno.OK) {
            return denied;
        }
        return guarded(() -> {
            memory().writeU32(outPtr, tx.deleteByIndexPoint(indexId, point));
            return Errno.OK;
        });
    }

    private int writeIterator(int outPtr, List<Row> rows) {
        ArrayDeque<byte[]> chunks = new ArrayDeque<>(2);
        if (rows.size() == 1) {
            chunks.add(rows.get(0).bytes());
        } else if (!rows.isEmpty()) {
            BsatnWriter w = new BsatnWriter(Math.min(CHUNK_BYTES, 256));
            for (Row r : rows) {
                if (w.size() > 0 && w.size() + r.size() > CHUNK_BYTES) {
                    chunks.add(w.toByteArray());
                    w.reset();
                }
                w.writeRaw(r.bytes());
            }
            if (w.size() > 0) {
                chunks.add(w.toByteArray());
            }
        }
        iterators.add(chunks);
        memory().writeU32(outPtr, iterators.size());
        return Errno.OK;
    }

    int rowIterAdvance(int iter, int bufPtr, int lenPtr) {
        GuestMemory m = memory();
        int capacity = m.readU32(lenPtr);
        ArrayDeque<byte[]> chunks = openIterator(iter);
        if (chunks == null) {
            return Errno.NO_SUCH_ITER.code();
        }
        long cap = capacity & 0xFFFFFFFFL;
        if (!chunks.isEmpty() && chunks.peekFirst().length > cap) {
            m.writeU32(lenPtr, chunks.peekFirst().length);
            return Errno.BUFFER_TOO_SMALL.code();
        }
        int written = 0;
        while (!chunks.isEmpty() && written + (long) chunks.peekFirst().length <= cap) {
            byte[] c = chunks.pollFirst();
            m.write(bufPtr + written, c);
            written += c.length;
        }
        m.writeU32(lenPtr, written);
        if (chunks.isEmpty()) {
            release(iter);
            return Errno.EXHAUSTED;
        }
        return Errno.OK;
    }

    int rowIterClose(int iter) {
        if (openIterator(iter) == null) {
            return Errno.NO_SUCH_ITER.code();
        }
        release(iter);
        return Errno.OK;
    }

    /** Forgets an iterator; ids at the end are reused (as a slab does), so a loop of lookups keeps the list short. */
    private void release(int iter) {
        iterators.set(iter - 1, null);
        while (!iterators.isEmpty() && iterators.get(iterators.size() - 1) == null) {
            iterators.remove(iterators.size() - 1);
        }
    }

    private ArrayDeque<byte[]> openIterator(int iter) {
        return iter <= 0 || iter > iterators.size() ? null : iterators.get(iter - 1);
    }

    // ---------------------------------------------------------------- writes

    private int checkWritable() {
        if (tx == null) {
            return Errno.NOT_IN_TRANSACTION.code();
        }
        if (readOnly) {
            return Errno.TRANSACTION_IS_READ_ONLY.code();
        }
        return Errno.OK;
    }

    int insert(int tableId, int rowPtr, int lenPtr) {
        return writeRow(tableId, rowPtr, lenPtr, row -> tx.insert(tableId, row));
    }

    int update(int tableId, int indexId, int rowPtr, int lenPtr) {
        return writeRow(tableId, rowPtr, lenPtr, row -> tx.update(tableId, indexId, row));
    }

    /**
     * Insert and update share their protocol: the row is {@code row_ptr[..*len_ptr]}; a schedule row
     * must be armable; generated column values are written back over the buffer with their length.
     */
    private int writeRow(int tableId, int rowPtr, int lenPtr, java.util.function.Function<byte[], InsertResult> op) {
        GuestMemory m = memory();
        byte[] row = m.read(rowPtr, m.readU32(lenPtr));
        int denied = checkWritable();
        if (denied != Errno.OK) {
            return denied;
        }
        return guarded(() -> {
            int check = scheduleLimits.check(datastoreRef.get(), tableId, row, call.timestamp());
            if (check != Errno.OK) {
                return check;
            }
            writeBack(rowPtr, lenPtr, op.apply(row).generated());
            return Errno.OK;
        });
    }

    private void writeBack(int rowPtr, int lenPtr, byte[] generated) {
        if (generated.length > 0) {
            memory().write(rowPtr, generated);
        }
        memory().writeU32(lenPtr, generated.length);
    }

    int deleteAllByEq(int tableId, int relPtr, int relLen, int outPtr) {
        byte[] rel = memory().read(relPtr, relLen);
        memory().check(outPtr, 4);
        int denied = checkWritable();
        if (denied != Errno.OK) {
            return denied;
        }
        return guarded(() -> {
            memory().writeU32(outPtr, tx.deleteAllByEq(tableId, rel));
            return Errno.OK;
        });
    }

    int clear(int tableId, int outPtr) {
        memory().check(outPtr, 8);
        int denied = checkWritable();
        if (denied != Errno.OK) {
            return denied;
        }
        return guarded(() -> {
            memory().writeU64(outPtr, tx.clear(tableId));
            return Errno.OK;
        });
    }

    /** Runs a datastore operation, turning its typed refusals into error numbers. */
    private int guarded(java.util.function.IntSupplier op) {
        try {
            return op.getAsInt();
        } catch (BsatnDecodeException e) {
            return Errno.BSATN_DECODE_ERROR.code();
        } catch (DatastoreException e) {
            return errnoOf(e);
        }
    }

    static int errnoOf(DatastoreException e) {
        if (e instanceof UniqueConstraintViolationException) {
            return Errno.UNIQUE_ALREADY_EXISTS.code();
        } else if (e instanceof NoSuchRowException) {
            return Errno.NO_SUCH_ROW.code();
        } else if (e instanceof IndexNotUniqueException) {
            return Errno.INDEX_NOT_UNIQUE.code();
        } else if (e instanceof WrongIndexAlgorithmException) {
            return Errno.WRONG_INDEX_ALGO.code();
        } else if (e instanceof SequenceExhaustedException) {
            return Errno.AUTO_INC_OVERFLOW.code();
        } else if (e instanceof NoSuchTableException) {
            return Errno.NO_SUCH_TABLE.code();
        } else if (e instanceof NoSuchIndexException) {
            return Errno.NO_SUCH_INDEX.code();
        }
        return Errno.HOST_CALL_FAILURE.code();
    }

    // ---------------------------------------------------------------- logging, identity, jwt

    void consoleLog(int level, int targetPtr, int targetLen, int filePtr, int fileLen, int line, int msgPtr,
            int msgLen) {
        GuestMemory m = memory();
        // The reference host never traps here: a bad pointer just drops the record.
        if (!m.valid(msgPtr, msgLen) || (targetPtr != 0 && !m.valid(targetPtr, targetLen))
                || (filePtr != 0 && !m.valid(filePtr, fileLen))) {
            return;
        }
        String target = targetPtr == 0 ? null : m.readLossy(targetPtr, targetLen);
        String file = filePtr == 0 ? null : m.readLossy(filePtr, fileLen);
        String message = m.readLossy(msgPtr, msgLen);
        if (LogLevel.ofAbi(level) == LogLevel.PANIC) {
            panicMessage = message;
        }
        log.append(new ModuleLogRecord(LogLevel.ofAbi(level), wallClockMicros(), target, file,
                line == -1 ? -1 : line, function, message));
    }

    int consoleTimerStart(int namePtr, int nameLen) {
        String name = memory().readLossy(namePtr, nameLen);
        int id = nextTimer++;
        timers.put(id, new Timer(name, System.nanoTime()));
        return id;
    }

    int consoleTimerEnd(int id) {
        Timer t = timers.remove(id);
        if (t == null) {
            return Errno.NO_SUCH_CONSOLE_TIMER.code();
        }
        long micros = (System.nanoTime() - t.startNanos()) / 1_000;
        log.append(new ModuleLogRecord(LogLevel.INFO, wallClockMicros(), null, null, -1, function,
                "Timing span \"" + t.name() + "\": " + micros + "µs"));
        return Errno.OK;
    }

    void identity(int outPtr) {
        memory().write(outPtr, databaseIdentity.toLittleEndian());
    }

    int getJwt(int connectionIdPtr, int outPtr) {
        byte[] cid = memory().read(connectionIdPtr, 16);
        memory().check(outPtr, 4);
        if (tx == null) {
            return Errno.NOT_IN_TRANSACTION.code();
        }
        List<Row> rows = tx.indexPoint(SystemTables.ST_CREDENTIALS_INDEX_ID, cid);
        String payload = rows.isEmpty() ? null : SystemTables.jwtPayloadOf(rows.get(0).bytes());
        memory().writeU32(outPtr, payload == null ? 0 : newSource(payload.getBytes(StandardCharsets.UTF_8)));
        return Errno.OK;
    }

    private static long wallClockMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    // ---------------------------------------------------------------- procedures

    long procedureSleepUntil(long wakeAtMicros) {
        if (procedures == null || tx != null) {
            throw new HostTrap("procedure_sleep_until may only be called from a procedure outside a transaction");
        }
        long now = procedures.now().micros();
        if (wakeAtMicros > now) {
            long micros = wakeAtMicros - now;
            blocking(() -> {
                try {
                    Thread.sleep(micros / 1_000, (int) (micros % 1_000) * 1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new HostTrap("interrupted while sleeping", e);
                }
                return null;
            });
        }
        return procedures.now().micros();
    }

    int procedureStartMutTx(int outPtr) {
        memory().check(outPtr, 8);
        if (procedures == null) {
            throw new HostTrap("procedure_start_mut_tx may only be called from a procedure");
        }
        if (tx != null) {
            return Errno.WOULD_BLOCK_TRANSACTION.code();
        }
        ProcedureSupport.StartedTx started = blocking(procedures::startMutTx);
        tx = started.tx();
        procedureTx = true;
        readOnly = false;
        call = new CallContext(call.caller(), call.connectionId(), started.timestamp());
        memory().writeU64(outPtr, started.timestamp().micros());
        return Errno.OK;
    }

    /**
     * Commits the procedure's transaction; waits for the log, so the call's time limit pauses meanwhile.
     * A conflict (a table it read changed) is an error the guest's {@code with_tx} answers by retrying.
     */
    int procedureCommitMutTx() {
        try {
            return endProcedureTx(t -> blocking(() -> {
                procedures.commitMutTx(t);
                return null;
            }));
        } catch (dev.lightcone.executor.TransactionConflictException e) {
            return Errno.HOST_CALL_FAILURE.code();
        }
    }

    int procedureAbortMutTx() {
        return endProcedureTx(t -> procedures.abortMutTx(t));
    }

    /** Detaches the procedure's transaction from this instance, then commits or aborts it. */
    private int endProcedureTx(java.util.function.Consumer<MutTx> end) {
        if (!procedureTxOpen()) {
            return Errno.TRANSACTION_NOT_ANONYMOUS.code();
        }
        MutTx t = tx;
        tx = null;
        procedureTx = false;
        end.accept(t);
        return Errno.OK;
    }

    /** Aborts a procedure transaction the guest left open when it returned. */
    void abortDanglingProcedureTx() {
        if (procedureTxOpen()) {
            procedureAbortMutTx();
        }
    }

    int procedureHttpRequest(int reqPtr, int reqLen, int bodyPtr, int bodyLen, int outPtr) {
        byte[] req = memory().read(reqPtr, reqLen);
        byte[] body = memory().read(bodyPtr, bodyLen);
        memory().check(outPtr, 8);
        if (procedures == null) {
            throw new HostTrap("procedure_http_request may only be called from a procedure");
        }
        if (tx != null) {
            return Errno.WOULD_BLOCK_TRANSACTION.code();
        }
        try {
            HttpEgress.Response resp = blocking(() -> procedures.http().send(req, body));
            memory().writeU32(outPtr, newSource(resp.headerBsatn()));
            memory().writeU32(outPtr + 4, newSource(resp.body()));
            return Errno.OK;
        } catch (BsatnDecodeException e) {
            return Errno.BSATN_DECODE_ERROR.code();
        } catch (HttpEgress.HttpEgressException e) {
            memory().writeU32(outPtr, newSource(new BsatnWriter().writeString(e.getMessage()).toByteArray()));
            return Errno.HTTP_ERROR.code();
        }
    }

    /** Queues a reducer call outside the transaction; see {@link ImmediateScheduler}. */
    void scheduleImmediate(int namePtr, int nameLen, int argsPtr, int argsLen, ImmediateScheduler scheduler) {
        String name = memory().readUtf8(namePtr, nameLen);
        byte[] args = memory().read(argsPtr, argsLen);
        scheduler.schedule(name, args);
    }

    /** Receives {@code volatile_nonatomic_schedule_immediate} calls. */
    @FunctionalInterface
    public interface ImmediateScheduler {
        void schedule(String reducer, byte[] args);
    }
}
