package dev.lightcone.commitlog.chronicle;

import dev.lightcone.commitlog.internal.FrameEffectLog;
import java.nio.file.Path;

/**
 * The embedded effect log: the same frames and segments as the command log, written behind
 * ({@link SyncPolicy#WRITE_BEHIND}). Nothing waits for its durability: it is derived from the command log, and
 * recovery re-executes the commands after the last intact effect, so losing its unforced tail in a machine
 * crash costs recovery time, never data.
 */
public final class ChronicleEffectLog extends FrameEffectLog {

    private ChronicleEffectLog(ChronicleFrameLog frames) {
        super(frames);
    }

    /** A builder for the log in {@code dir}. */
    public static ChronicleLogBuilder<ChronicleEffectLog> builder(Path dir) {
        return new ChronicleLogBuilder<>(dir, "effectlog", ChronicleEffectLog::new)
                .withSyncPolicy(SyncPolicy.WRITE_BEHIND);
    }

    /** Opens the log in {@code dir} with default settings. */
    public static ChronicleEffectLog open(Path dir) {
        return builder(dir).build();
    }
}
