package dev.lightcone.commitlog.internal;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.LogMetrics;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.commitlog.record.CommandCodec;
import java.util.concurrent.CompletableFuture;

/** A {@link CommandLog} that stores {@link CommandCodec} bytes in a {@link FrameLog}. */
public class FrameCommandLog implements CommandLog {
    private final FrameLog frames;
    private final RecentCommands recent = new RecentCommands();
    /** The follower's wake-up; replaced by {@link #follow}. */
    private volatile Runnable onAppend = () -> {
    };

    protected FrameCommandLog(FrameLog frames) {
        this.frames = frames;
    }

    /** The frame store underneath, for implementation-specific tests and tools. */
    protected FrameLog frames() {
        return frames;
    }

    @Override
    public long append(Command command) {
        // Encoding happens on the caller's thread, outside any lock.
        byte[] encoded = CommandCodec.encode(command);
        long offset = frames.append(encoded);
        recent.offer(new LoggedCommand(offset, command), encoded.length);
        onAppend.run();
        return offset;
    }

    @Override
    public long firstOffset() {
        return frames.firstOffset();
    }

    @Override
    public long endOffset() {
        return frames.endOffset();
    }

    @Override
    public long durableOffset() {
        return frames.durableOffset();
    }

    @Override
    public CompletableFuture<Long> whenDurable(long offset) {
        return frames.whenDurable(offset);
    }

    @Override
    public LogTailer<LoggedCommand> tail(long fromOffset) {
        return new MappedTailer<>(frames.tail(fromOffset),
                f -> new LoggedCommand(f.offset(), CommandCodec.decode(f.payload(), f.offset())));
    }

    /** Takes records this process appended from memory when it can (see {@link CommandLog#follow}). */
    @Override
    public LogTailer<LoggedCommand> follow(long fromOffset, Runnable onAppend) {
        if (fromOffset < frames.firstOffset() || fromOffset > frames.endOffset()) {
            // The same refusal as tail's.
            return tail(fromOffset);
        }
        this.onAppend = java.util.Objects.requireNonNull(onAppend, "onAppend");
        return new FollowingTailer(frames, recent, fromOffset);
    }

    /** True: the frames are this process's alone (Chronicle locks its directory; memory is private). */
    @Override
    public boolean announcesEveryAppend() {
        return true;
    }

    @Override
    public LogMetrics metrics() {
        return frames.metrics();
    }

    @Override
    public void close() {
        frames.close();
    }
}
