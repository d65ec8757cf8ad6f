package dev.lightcone.commitlog.snapshot;

import dev.lightcone.commitlog.CommitLogException;
import java.nio.file.Path;

/** A snapshot file that is truncated, fails its checksum or does not parse. */
public final class CorruptSnapshotException extends CommitLogException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;
    private final long byteOffset;

    public CorruptSnapshotException(Path path, long byteOffset, String message) {
        super("snapshot " + path + ": " + message + " (at byte " + byteOffset + ")");
        this.path = path;
        this.byteOffset = byteOffset;
    }

    /** The bad file. */
    public Path path() {
        return path;
    }

    /** Where in the file the problem was found. */
    public long byteOffset() {
        return byteOffset;
    }
}
