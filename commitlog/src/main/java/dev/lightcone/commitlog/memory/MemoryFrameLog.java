package dev.lightcone.commitlog.memory;

import dev.lightcone.commitlog.LogClosedException;
import dev.lightcone.commitlog.internal.AbstractFrameLog;
import dev.lightcone.commitlog.internal.Frame;
import dev.lightcone.commitlog.internal.FrameLog;
import dev.lightcone.commitlog.internal.FrameTailer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FrameLog} held in a list. Durable at once, or, in manual mode, only up to the point a test
 * sets with {@link #makeDurable(long)}; that lets tests hold outputs back as a slow disk would.
 */
public final class MemoryFrameLog extends AbstractFrameLog {
    private final List<byte[]> records = new ArrayList<>();
    private final boolean autoDurable;
    private volatile boolean closed;

    public MemoryFrameLog(boolean autoDurable) {
        super(0);
        this.autoDurable = autoDurable;
    }

    @Override
    public long append(byte[] payload) {
        synchronized (records) {
            if (closed) {
                throw new LogClosedException("in-memory log is closed");
            }
            long offset = records.size();
            records.add(payload);
            stats.onAppend();
            // Advancing under the lock keeps the watermarks in offset order across appending threads.
            visible.advanceTo(offset + 1);
            if (autoDurable) {
                stats.onSync(1, 0);
                durable.advanceTo(offset);
            }
            return offset;
        }
    }

    /** Declares every record up to {@code offset} (capped at the newest) durable. */
    public void makeDurable(long offset) {
        synchronized (records) {
            long target = Math.min(offset, records.size() - 1L);
            long before = durable.get();
            if (target > before) {
                stats.onSync(target - before, 0);
                durable.advanceTo(target);
            }
        }
    }

    @Override
    public long firstOffset() {
        return 0;
    }

    @Override
    public long endOffset() {
        return visible.get();
    }

    @Override
    public FrameTailer tail(long fromOffset) {
        if (fromOffset < 0 || fromOffset > endOffset()) {
            throw new IllegalArgumentException("cannot tail from " + fromOffset + "; the log ends at " + endOffset());
        }
        return new Tailer(fromOffset);
    }

    @Override
    public void close() {
        synchronized (records) {
            closed = true;
        }
        failWaiters(new LogClosedException("in-memory log is closed"));
    }

    private final class Tailer implements FrameTailer {
        private long next;

        Tailer(long from) {
            this.next = from;
        }

        @Override
        public Frame poll() {
            if (next >= visible.get()) {
                return null;
            }
            byte[] payload;
            synchronized (records) {
                payload = records.get((int) next);
            }
            return new Frame(next++, payload);
        }

        @Override
        public Frame poll(long timeout, TimeUnit unit) throws InterruptedException {
            return visible.awaitAtLeast(next + 1, timeout, unit) ? poll() : null;
        }

        @Override
        public long nextOffset() {
            return next;
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }
}
