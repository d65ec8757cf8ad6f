package dev.lightcone.commitlog.chronicle;

import dev.lightcone.commitlog.internal.FrameCommandLog;
import java.nio.file.Path;

/**
 * The embedded command log: Chronicle Queue in a directory, fsync-durable by group commit (see
 * {@link ChronicleFrameLog} for the layout and the recovery rules).
 */
public final class ChronicleCommandLog extends FrameCommandLog {

    private ChronicleCommandLog(ChronicleFrameLog frames) {
        super(frames);
    }

    /** A builder for the log in {@code dir}. */
    public static ChronicleLogBuilder<ChronicleCommandLog> builder(Path dir) {
        return new ChronicleLogBuilder<>(dir, "commandlog", ChronicleCommandLog::new);
    }

    /** Opens the log in {@code dir} with default settings. */
    public static ChronicleCommandLog open(Path dir) {
        return builder(dir).build();
    }
}
