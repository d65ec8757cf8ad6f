package dev.lightcone.commitlog.chronicle;

import dev.lightcone.commitlog.CommitLogException;
import dev.lightcone.commitlog.LogClosedException;
import dev.lightcone.commitlog.LogCorruptionException;
import dev.lightcone.commitlog.internal.AbstractFrameLog;
import dev.lightcone.commitlog.internal.AtomicFiles;
import dev.lightcone.commitlog.internal.Frame;
import dev.lightcone.commitlog.internal.FrameLog;
import dev.lightcone.commitlog.internal.FrameTailer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FrameLog} on Chronicle Queue with group commit.
 *
 * <p><b>Layout.</b> The directory holds segments {@code seg-<base offset, 20 digits>}, each a Chronicle
 * queue whose excerpts are {@link FrameFormat} frames with dense logical offsets from the base. Chronicle's
 * own indexes (cycle and sequence) are only used to seek; the logical offset lives in each frame.
 *
 * <p><b>Opening</b> scans the newest segment from its start and stops at the first excerpt that is
 * torn, fails its checksum or breaks offset continuity: that is the end of the log. The first append of
 * this run then starts a new segment at that offset, so the bad bytes are never read again and never
 * written over (Chronicle cannot truncate a queue in place). A newest segment with no intact record is
 * renamed {@code discarded-…} instead.
 *
 * <p><b>Group commit.</b> {@link #append} only assigns the offset and queues the payload under a short lock.
 * One sync thread owns the Chronicle appender: it drains everything queued, writes it, makes it visible
 * to tailers, calls {@code sync()} once for the whole batch, then advances the durable offset. Appends that
 * arrive during a sync form the next batch, so the batch grows with the load and no timer is involved.
 *
 * <p><b>Write-behind</b> ({@link SyncPolicy#WRITE_BEHIND}, for derived data such as the effect log): the sync
 * thread lets appends gather for a few milliseconds (or until a large batch is waiting) before it writes them,
 * so a lightly loaded database does not wake it per record, and it forces the writes to disk at most once a
 * second and on close. Records written but not forced survive a process crash (they are in the page cache)
 * but may be lost, torn or cut in a machine crash; opening then ends the log at the first damaged record, as
 * for any torn tail.
 *
 * <p>Why it is this long: opening (the cut of a damaged tail), appending and group commit share the segment
 * state and its lock; they are kept together so the durability rules can be read in one place.
 */
final class ChronicleFrameLog extends AbstractFrameLog {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleFrameLog.class);
    /** Bytes a record takes on disk besides its payload (frame header, Chronicle's header), rounded up. */
    private static final int FRAME_OVERHEAD_BYTES = 64;
    /** Write-behind: how long appends may gather before the sync thread writes them. */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Write-behind: a batch this large is written at once. */
    private static final int GATHER_RECORDS = 4_096;
    /**
     * Durable log under load: when the last batch held at least {@link #BUSY_BATCH} records, appends gather this
     * long (or until {@link #BUSY_GATHER_RECORDS} wait) before the next write and sync. Each sync costs the kernel
     * about 100 µs of CPU whatever it writes, so under load fewer, larger syncs leave more CPU to the rest; a lone
     * caller (batches of one) never waits.
     */
    private static final long BUSY_GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final int BUSY_BATCH = 32;
    private static final int BUSY_GATHER_RECORDS = 1_024;
    /** Write-behind: the longest the written records go without being forced to disk while more arrive. */
    private static final long FORCE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path dir;
    private final ChronicleOptions options;
    private final long firstOffset;
    private volatile List<Segment> segments;

    private final ReentrantLock appendLock = new ReentrantLock();
    private final Condition notEmpty = appendLock.newCondition();
    private final Condition notFull = appendLock.newCondition();
    private List<byte[]> pending = new ArrayList<>();
    private List<byte[]> spare = new ArrayList<>();
    private volatile long nextOffset;
    private long pendingBase;
    private boolean closing;
    private volatile Throwable failure;
    private final SpaceCheck space;

    private final Thread syncThread;

    // Confined to the sync thread.
    private final FrameFormat.Encoder encoder = new FrameFormat.Encoder();
    private Segment writeSegment;
    private ExcerptAppender appender;
    private final boolean writeBehind;
    /** One past the newest record written to Chronicle; the durable offset trails it until the next force. */
    private long writtenEnd;
    private long lastForceNanos = System.nanoTime();
    /** How many records the sync thread wrote last time (durable log: whether it is under load). */
    private int lastBatch;
    /** Whether the written records not yet forced span a new segment or another memory chunk. */
    private boolean segmentsChangedSinceForce;

    private ChronicleFrameLog(Path dir, ChronicleOptions options, List<Segment> segments, long end) {
        super(end);
        this.dir = dir;
        this.options = options;
        this.segments = List.copyOf(segments);
        this.firstOffset = segments.isEmpty() ? end : segments.get(0).base;
        this.nextOffset = end;
        this.pendingBase = end;
        this.writtenEnd = end;
        this.writeBehind = options.syncPolicy() == SyncPolicy.WRITE_BEHIND;
        this.space = new SpaceCheck(dir, options.name(), options.diskSpace(), options.reserveBytes());
        this.syncThread = new Thread(this::runSync, "lightcone-" + options.name() + "-sync");
        this.syncThread.setDaemon(true);
        this.syncThread.start();
    }

    /** Opens the log in {@code dir}, creating it if needed, and finds the end of its intact records. */
    static ChronicleFrameLog open(Path dir, ChronicleOptions options) {
        try {
            Files.createDirectories(dir);
            Segment.removeLeftovers(dir);
            List<Segment> segs = new ArrayList<>();
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(Files::isDirectory)
                        .mapToLong(p -> Segment.parseBase(p.getFileName().toString()))
                        .filter(base -> base >= 0)
                        .sorted()
                        .forEach(base -> segs.add(Segment.open(dir, base, options)));
            }
            long end = 0;
            if (!segs.isEmpty()) {
                Segment last = segs.get(segs.size() - 1);
                end = scanIntactEnd(last);
                // Records that survived a process crash may still sit only in the page cache; they count
                // as durable from now on, so put them on disk first.
                forceSegment(last);
            }
            LOG.info("opened {} in {}: {} segment(s), offsets [{}, {})", options.name(), dir, segs.size(),
                    segs.isEmpty() ? 0 : segs.get(0).base, end);
            return new ChronicleFrameLog(dir, options, segs, end);
        } catch (IOException e) {
            throw new CommitLogException("cannot open log directory " + dir, e);
        }
    }

    /** Reads the segment from its start and returns one past its last intact, continuous record. */
    private static long scanIntactEnd(Segment seg) {
        long expected = seg.base;
        FrameFormat.Decoder decoder = new FrameFormat.Decoder();
        try (ExcerptTailer t = seg.queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) {
                        return expected;
                    }
                    decoder.read(dc.wire().bytes(), expected);
                    expected++;
                }
            }
        } catch (LogCorruptionException e) {
            LOG.warn("log {} ends at offset {}: {}; the rest of the segment is cut off", seg, expected, e.getMessage());
            return expected;
        } catch (RuntimeException e) {
            // Chronicle itself may choke on garbage headers; whatever it cannot read is not part of the log.
            LOG.warn("log {} ends at offset {}: Chronicle cannot read further; the rest is cut off", seg, expected, e);
            return expected;
        }
    }

    @Override
    public long append(byte[] payload) {
        if (payload.length > FrameFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("record of " + payload.length + " bytes exceeds the limit of "
                    + FrameFormat.MAX_PAYLOAD + "; store large module bytes in the blob store");
        }
        // Before anything is queued: a refused append leaves no trace, so the caller may simply retry later.
        space.beforeAppend(payload.length + FRAME_OVERHEAD_BYTES);
        appendLock.lock();
        try {
            while (pending.size() >= options.maxPendingRecords() && !closing && failure == null) {
                notFull.awaitUninterruptibly();
            }
            if (failure != null) {
                throw new LogClosedException(options.name() + " failed; no more appends", failure);
            }
            if (closing) {
                throw new LogClosedException(options.name() + " is closed");
            }
            long offset = nextOffset;
            nextOffset = offset + 1;
            if (pending.isEmpty() || pending.size() + 1 == (writeBehind ? GATHER_RECORDS : BUSY_GATHER_RECORDS)) {
                notEmpty.signal();
            }
            pending.add(payload);
            stats.onAppend();
            return offset;
        } finally {
            appendLock.unlock();
        }
    }

    private void runSync() {
        try {
            while (true) {
                List<byte[]> batch = null;
                long base = 0;
                boolean stop = false;
                appendLock.lock();
                try {
                    if (pending.isEmpty() && !closing) {
                        if (writeBehind && writtenEnd - 1 > durable.get()) {
                            // Idle with records not yet forced: force them once this wait passes quietly.
                            notEmpty.awaitNanos(FORCE_INTERVAL_NANOS);
                        } else {
                            notEmpty.await();
                        }
                    }
                    if (writeBehind && !pending.isEmpty() && !closing && pending.size() < GATHER_RECORDS) {
                        // Appends arriving now do not signal (until a large batch waits): one wake-up per batch.
                        notEmpty.awaitNanos(GATHER_NANOS);
                    } else if (!writeBehind && lastBatch >= BUSY_BATCH && !pending.isEmpty() && !closing
                            && pending.size() < BUSY_GATHER_RECORDS) {
                        notEmpty.awaitNanos(BUSY_GATHER_NANOS);
                    }
                    if (pending.isEmpty()) {
                        stop = closing;
                    } else {
                        batch = pending;
                        pending = spare;
                        base = pendingBase;
                        pendingBase = nextOffset;
                        notFull.signalAll();
                    }
                } finally {
                    appendLock.unlock();
                }
                if (batch == null) {
                    // Woken with nothing to write: the idle force of a write-behind log, or the end.
                    forceWritten();
                    if (stop) {
                        return;
                    }
                    continue;
                }
                writeAndSync(batch, base);
                lastBatch = batch.size();
                batch.clear();
                appendLock.lock();
                try {
                    spare = batch;
                } finally {
                    appendLock.unlock();
                }
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void writeAndSync(List<byte[]> batch, long base) {
        segmentsChangedSinceForce |= writeSegment == null;
        ensureWriteSegment(base);
        Object storeBefore = currentStore();
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            try (DocumentContext dc = appender.writingDocument()) {
                encoder.write(dc.wire().bytes(), base + i, batch.get(i));
            }
            // Let the executor start on a large batch before all of it is written.
            if ((i & 255) == 255) {
                visible.advanceTo(base + i + 1);
            }
        }
        visible.advanceTo(base + n);
        writtenEnd = base + n;
        segmentsChangedSinceForce |= storeBefore != currentStore();
        if (!writeBehind || System.nanoTime() - lastForceNanos >= FORCE_INTERVAL_NANOS) {
            forceWritten();
        }
    }

    /** Forces every written record to disk and makes it durable; sync thread only. */
    private void forceWritten() {
        long from = durable.get() + 1;
        if (appender == null || writtenEnd <= from) {
            return;
        }
        long t0 = System.nanoTime();
        appender.sync();
        // sync() flushes only the memory chunk the appender is in now; after a chunk or cycle change the
        // earlier records sit in another mapping, and a new file needs its directory entry.
        if (segmentsChangedSinceForce) {
            forceSegment(writeSegment);
            segmentsChangedSinceForce = false;
        }
        lastForceNanos = System.nanoTime();
        stats.onSync((int) (writtenEnd - from), lastForceNanos - t0);
        durable.advanceTo(writtenEnd - 1);
    }

    private Object currentStore() {
        return appender.wire() == null ? null : appender.wire().bytes().bytesStore();
    }

    private Segment ensureWriteSegment(long base) {
        if (writeSegment != null) {
            return writeSegment;
        }
        List<Segment> segs = new ArrayList<>(segments);
        if (!segs.isEmpty() && segs.get(segs.size() - 1).base == base) {
            retire(segs.remove(segs.size() - 1));
        }
        Segment seg = Segment.create(dir, base, options);
        segs.add(seg);
        appender = seg.queue.createAppender();
        writeSegment = seg;
        segments = List.copyOf(segs);
        LOG.info("{} appends to new segment {}", options.name(), seg);
        return seg;
    }

    /** Moves aside a newest segment that holds no intact record, so a fresh one can take its name. */
    private void retire(Segment seg) {
        seg.queue.close();
        Path target = dir.resolve("discarded-" + seg.dir.getFileName() + "-" + System.currentTimeMillis());
        try {
            Files.move(seg.dir, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move aside segment " + seg, e);
        }
        LOG.warn("segment {} held no intact record; moved to {}", seg, target);
    }

    /** fsyncs every data file of a segment and the directory entries leading to them. */
    private static void forceSegment(Segment seg) {
        try (Stream<Path> files = Files.list(seg.dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".cq4")) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
            AtomicFiles.forceDirectory(seg.dir);
            AtomicFiles.forceDirectory(seg.dir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync segment " + seg, e);
        }
    }

    private void fail(Throwable t) {
        LOG.error("{} sync thread failed; the log refuses further appends", options.name(), t);
        failure = t;
        appendLock.lock();
        try {
            notFull.signalAll();
        } finally {
            appendLock.unlock();
        }
        failWaiters(t);
    }

    @Override
    public long firstOffset() {
        return firstOffset;
    }

    @Override
    public long endOffset() {
        return nextOffset;
    }

    @Override
    public FrameTailer tail(long fromOffset) {
        if (fromOffset < firstOffset || fromOffset > nextOffset) {
            throw new IllegalArgumentException("cannot tail " + options.name() + " from " + fromOffset
                    + "; it holds [" + firstOffset + ", " + nextOffset + ")");
        }
        return new Tailer(fromOffset);
    }

    @Override
    public void close() {
        appendLock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            notEmpty.signal();
            notFull.signalAll();
        } finally {
            appendLock.unlock();
        }
        try {
            syncThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitLogException("interrupted while closing " + options.name(), e);
        } finally {
            for (Segment s : segments) {
                s.queue.close();
            }
            failWaiters(new LogClosedException(options.name() + " is closed"));
        }
        LOG.info("closed {} at offset {} (durable {})", options.name(), nextOffset, durable.get());
    }

    /** Reads frames in order across segments; created in any thread, confined to the one that polls. */
    private final class Tailer implements FrameTailer {
        private final FrameFormat.Decoder decoder = new FrameFormat.Decoder();
        private long next;
        private List<Segment> seenSegments;
        private Segment segment;
        private long segmentLimit;
        private ExcerptTailer chronicle;
        private boolean closed;

        Tailer(long from) {
            this.next = from;
        }

        @Override
        public Frame poll() {
            if (closed) {
                throw new IllegalStateException("tailer is closed");
            }
            if (next >= visible.get()) {
                Throwable f = failure;
                if (f != null) {
                    throw new LogClosedException(options.name() + " failed", f);
                }
                return null;
            }
            if (segments != seenSegments || next >= segmentLimit) {
                position();
            }
            try (DocumentContext dc = chronicle.readingDocument()) {
                if (!dc.isPresent()) {
                    throw new LogCorruptionException(next, "record missing from " + segment);
                }
                Frame frame = decoder.read(dc.wire().bytes(), next);
                next++;
                return frame;
            }
        }

        @Override
        public Frame poll(long timeout, TimeUnit unit) throws InterruptedException {
            return visible.awaitAtLeast(next + 1, timeout, unit) ? poll() : null;
        }

        private void position() {
            List<Segment> segs = segments;
            int i = segs.size() - 1;
            while (i > 0 && segs.get(i).base > next) {
                i--;
            }
            Segment s = segs.get(i);
            if (s.base > next) {
                throw new LogCorruptionException(next, "no segment holds the record");
            }
            seenSegments = segs;
            segmentLimit = i + 1 < segs.size() ? segs.get(i + 1).base : Long.MAX_VALUE;
            if (s != segment) {
                if (chronicle != null) {
                    chronicle.close();
                }
                segment = s;
                chronicle = s.queue.createTailer();
            }
            long index = s.indexOf(next);
            if (!chronicle.moveToIndex(index)) {
                throw new LogCorruptionException(next, "Chronicle has no excerpt at index " + Long.toHexString(index)
                        + " in " + s);
            }
        }

        @Override
        public long nextOffset() {
            return next;
        }

        @Override
        public void close() {
            closed = true;
            if (chronicle != null) {
                chronicle.close();
            }
        }
    }
}
