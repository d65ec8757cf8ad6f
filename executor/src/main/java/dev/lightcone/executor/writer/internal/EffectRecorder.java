package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.DiskFullException;
import dev.lightcone.commitlog.EffectLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends what each command changed to the effect log. Live, it runs on the release thread once the command's
 * record is durable, so the effect log never holds effects of a command the command log could lose in a crash;
 * during recovery it runs on the recovering thread. One thread at a time, in offset order.
 */
public final class EffectRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EffectRecorder.class);

    private final EffectLog effects;
    private final String name;
    /** Records whose effects were left out since the disk filled up. */
    private long skipped;

    EffectRecorder(EffectLog effects, String name) {
        this.effects = effects;
        this.name = name;
    }

    /**
     * Appends the effects of the command at {@code offset}. On a full disk they are left out (they are derived: the
     * next recovery finds the gap and re-executes from there), so applying what was accepted goes on.
     */
    public void record(long offset, RecordedEffects recorded) {
        try {
            effects.append(offset, EffectCodec.encode(recorded));
            if (skipped > 0) {
                LOG.info("database {}: effects recorded again from offset {} ({} left out while the disk was full)",
                        name, offset, skipped);
                skipped = 0;
            }
        } catch (DiskFullException e) {
            if (skipped++ == 0) {
                LOG.warn("database {}: effects of offset {} not recorded: {}", name, offset, e.getMessage());
            }
        }
    }
}
