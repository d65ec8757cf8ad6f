package dev.lightcone.commitlog.internal;

import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.record.CommandCodec;
import java.util.concurrent.TimeUnit;

/**
 * The follower of a {@link FrameCommandLog}: takes each record from {@link RecentCommands} when this process
 * appended it and it is still there, and reads it from the frames otherwise (after a restart, or when the
 * follower fell far behind). Either way the records come in offset order with no gap.
 */
final class FollowingTailer implements LogTailer<LoggedCommand> {
    private final FrameLog frames;
    private final RecentCommands recent;
    private long next;
    /** A frame reader, positioned lazily where the ring missed; null until needed. */
    private FrameTailer reader;

    FollowingTailer(FrameLog frames, RecentCommands recent, long from) {
        this.frames = frames;
        this.recent = recent;
        this.next = from;
    }

    @Override
    public LoggedCommand poll() {
        LoggedCommand c = recent.take(next);
        if (c != null) {
            next++;
            return c;
        }
        if (next >= frames.readableEnd()) {
            return null;
        }
        return decoded(readerAtNext().poll());
    }

    @Override
    public LoggedCommand poll(long timeout, TimeUnit unit) throws InterruptedException {
        LoggedCommand c = poll();
        return c != null ? c : decoded(readerAtNext().poll(timeout, unit));
    }

    private LoggedCommand decoded(Frame f) {
        if (f == null) {
            return null;
        }
        next++;
        return new LoggedCommand(f.offset(), CommandCodec.decode(f.payload(), f.offset()));
    }

    private FrameTailer readerAtNext() {
        if (reader == null || reader.nextOffset() != next) {
            if (reader != null) {
                reader.close();
            }
            reader = frames.tail(next);
        }
        return reader;
    }

    @Override
    public long nextOffset() {
        return next;
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
