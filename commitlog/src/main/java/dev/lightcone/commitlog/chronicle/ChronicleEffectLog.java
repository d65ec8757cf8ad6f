package dev.lightcone.commitlog.chronicle;

import dev.lightcone.commitlog.internal.FrameEffectLog;
import java.nio.file.Path;

/** The embedded effect log: the same frames, segments and group commit as the command log. */
public final class ChronicleEffectLog extends FrameEffectLog {

    private ChronicleEffectLog(ChronicleFrameLog frames) {
        super(frames);
    }

    /** A builder for the log in {@code dir}. */
    public static ChronicleLogBuilder<ChronicleEffectLog> builder(Path dir) {
        return new ChronicleLogBuilder<>(dir, "effectlog", ChronicleEffectLog::new);
    }

    /** Opens the log in {@code dir} with default settings. */
    public static ChronicleEffectLog open(Path dir) {
        return builder(dir).build();
    }
}
