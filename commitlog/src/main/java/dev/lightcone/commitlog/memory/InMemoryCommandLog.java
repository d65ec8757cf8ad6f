package dev.lightcone.commitlog.memory;

import dev.lightcone.commitlog.internal.FrameCommandLog;

/**
 * The in-memory twin of the command log for tests: records are encoded and decoded exactly as on disk,
 * but kept in a list. Durable immediately, or at a point the test controls.
 */
public final class InMemoryCommandLog extends FrameCommandLog {

    private InMemoryCommandLog(MemoryFrameLog frames) {
        super(frames);
    }

    /** A log whose records are durable as soon as they are appended. */
    public static InMemoryCommandLog create() {
        return new InMemoryCommandLog(new MemoryFrameLog(true));
    }

    /** A log whose durable offset moves only through {@link #makeDurable(long)}. */
    public static InMemoryCommandLog withManualDurability() {
        return new InMemoryCommandLog(new MemoryFrameLog(false));
    }

    /** Declares every record up to {@code offset} durable (manual mode). */
    public void makeDurable(long offset) {
        ((MemoryFrameLog) frames()).makeDurable(offset);
    }
}
