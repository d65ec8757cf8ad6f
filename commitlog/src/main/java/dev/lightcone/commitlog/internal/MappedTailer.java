package dev.lightcone.commitlog.internal;

import dev.lightcone.commitlog.LogTailer;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A typed tailer that decodes each frame of an underlying {@link FrameTailer}. */
public final class MappedTailer<T> implements LogTailer<T> {
    private final FrameTailer frames;
    private final Function<Frame, T> decode;

    public MappedTailer(FrameTailer frames, Function<Frame, T> decode) {
        this.frames = frames;
        this.decode = decode;
    }

    @Override
    public T poll() {
        Frame f = frames.poll();
        return f == null ? null : decode.apply(f);
    }

    @Override
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        Frame f = frames.poll(timeout, unit);
        return f == null ? null : decode.apply(f);
    }

    @Override
    public long nextOffset() {
        return frames.nextOffset();
    }

    @Override
    public void close() {
        frames.close();
    }
}
