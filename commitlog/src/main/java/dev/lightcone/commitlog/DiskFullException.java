package dev.lightcone.commitlog;

import java.nio.file.Path;

/**
 * An append refused because the file system holding the log has less free space than the log keeps in reserve.
 * Nothing was written; the same append succeeds once space is freed.
 */
public final class DiskFullException extends CommitLogException {
    private static final long serialVersionUID = 1L;
    private final transient Path dir;
    private final long usableBytes;
    private final long reserveBytes;

    public DiskFullException(Path dir, long usableBytes, long reserveBytes) {
        super("disk full (" + mib(usableBytes) + " free, " + mib(reserveBytes) + " kept in reserve): writes are "
                + "refused until space is freed, reads go on; log " + dir);
        this.dir = dir;
        this.usableBytes = usableBytes;
        this.reserveBytes = reserveBytes;
    }

    /** The log directory whose file system is full. */
    public Path dir() {
        return dir;
    }

    /** Bytes the file system had free when the append was refused. */
    public long usableBytes() {
        return usableBytes;
    }

    /** Bytes the log requires free before it writes. */
    public long reserveBytes() {
        return reserveBytes;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
