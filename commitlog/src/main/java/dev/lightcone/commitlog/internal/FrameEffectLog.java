package dev.lightcone.commitlog.internal;

import dev.lightcone.commitlog.CommitLogException;
import dev.lightcone.commitlog.EffectLog;
import dev.lightcone.commitlog.LogCorruptionException;
import dev.lightcone.commitlog.LogMetrics;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedEffect;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EffectLog} on a {@link FrameLog}. Each frame's payload is the u64 little-endian command
 * offset followed by the effect bytes; the frame offset is the effect's position.
 */
public class FrameEffectLog implements EffectLog {
    private static final int KEY_BYTES = Long.BYTES;
    private static final long VISIBLE_TIMEOUT_SECONDS = 30;

    private final FrameLog frames;
    private final Object appendLock = new Object();
    private volatile long lastCommandOffset;

    protected FrameEffectLog(FrameLog frames) {
        this.frames = frames;
        long end = frames.endOffset();
        this.lastCommandOffset = end > frames.firstOffset() ? commandOffsetAt(end - 1) : -1;
    }

    @Override
    public long append(long commandOffset, byte[] payload) {
        byte[] framed = new byte[KEY_BYTES + payload.length];
        ByteBuffer.wrap(framed).order(ByteOrder.LITTLE_ENDIAN).putLong(commandOffset);
        System.arraycopy(payload, 0, framed, KEY_BYTES, payload.length);
        // The check and the append must be one step, or two racing appends could store keys out of order.
        synchronized (appendLock) {
            if (commandOffset <= lastCommandOffset) {
                throw new IllegalArgumentException("effects for command offset " + commandOffset
                        + " after effects for " + lastCommandOffset + "; command offsets must increase");
            }
            long position = frames.append(framed);
            lastCommandOffset = commandOffset;
            return position;
        }
    }

    @Override
    public long lastCommandOffset() {
        return lastCommandOffset;
    }

    @Override
    public long endPosition() {
        return frames.endOffset();
    }

    @Override
    public long durablePosition() {
        return frames.durableOffset();
    }

    @Override
    public CompletableFuture<Long> whenDurable(long position) {
        return frames.whenDurable(position);
    }

    @Override
    public LogTailer<LoggedEffect> tailFromCommand(long commandOffset) {
        // Command offsets increase with position, so the first position at or after a key is a binary search.
        long lo = frames.firstOffset();
        long hi = frames.endOffset();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (commandOffsetAt(mid) < commandOffset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return new MappedTailer<>(frames.tail(lo), FrameEffectLog::decode);
    }

    @Override
    public LogMetrics metrics() {
        return frames.metrics();
    }

    @Override
    public void close() {
        frames.close();
    }

    private long commandOffsetAt(long position) {
        try (FrameTailer t = frames.tail(position)) {
            // Appended records become readable once the sync thread has written them, within a batch.
            Frame f = t.poll(VISIBLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (f == null) {
                throw new LogCorruptionException(position, "effect record missing below the end of the log");
            }
            return decode(f).commandOffset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitLogException("interrupted while reading the effect log", e);
        }
    }

    private static LoggedEffect decode(Frame f) {
        byte[] p = f.payload();
        if (p.length < KEY_BYTES) {
            throw new LogCorruptionException(f.offset(), "effect record of " + p.length + " bytes has no command offset");
        }
        long commandOffset = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new LoggedEffect(f.offset(), commandOffset, Arrays.copyOfRange(p, KEY_BYTES, p.length));
    }
}
