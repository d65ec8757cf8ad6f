package dev.lightcone.commitlog.memory;

import dev.lightcone.commitlog.internal.FrameEffectLog;

/** The in-memory twin of the effect log; durable as soon as appended. */
public final class InMemoryEffectLog extends FrameEffectLog {

    /** An empty log. */
    public InMemoryEffectLog() {
        super(new MemoryFrameLog(true));
    }
}
