package dev.lightcone.commitlog;

import java.nio.file.Path;

/**
 * A Chronicle queue's {@code metadata.cq4t} could not be used: Chronicle reads its lock from that file, and a
 * damaged file makes every open wait for a lock that can never be claimed. The file holds no records (Chronicle
 * rebuilds it from the data files when it is missing), so removing it is the repair.
 */
public final class DamagedLogMetadataException extends CommitLogException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public DamagedLogMetadataException(Path file, Throwable cause) {
        super("the log metadata file " + file + " is damaged (Chronicle cannot claim the lock it holds: "
                + cause.getMessage() + "). It holds no records and is rebuilt from the data files when missing: stop "
                + "the server, make sure no other process has this log open, remove it (rm " + file
                + ") and start again", cause);
        this.file = file;
    }

    /** The damaged {@code metadata.cq4t}. */
    public Path file() {
        return file;
    }
}
