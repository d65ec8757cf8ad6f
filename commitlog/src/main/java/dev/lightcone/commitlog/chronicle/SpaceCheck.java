package dev.lightcone.commitlog.chronicle;

import dev.lightcone.commitlog.DiskFullException;
import dev.lightcone.commitlog.DiskSpace;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an append when the log's file system has less than the reserve free: Chronicle writes through memory
 * maps, where a full disk is a fatal fault in the middle of a write rather than an error. The file system is asked
 * at most every {@value #RECHECK_MILLIS} ms while there is room to spare (bytes accepted since count against it),
 * and on every append once space is short, so writing resumes as soon as space is freed.
 */
final class SpaceCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceCheck.class);
    static final long RECHECK_MILLIS = 100;

    private final Path dir;
    private final String name;
    private final DiskSpace space;
    private final long reserve;
    private long knownUsable = Long.MAX_VALUE;
    private long acceptedSince;
    private long checkedAtNanos;
    private boolean full;

    SpaceCheck(Path dir, String name, DiskSpace space, long reserve) {
        this.dir = dir;
        this.name = name;
        this.space = space;
        this.reserve = reserve;
    }

    /** Throws {@link DiskFullException} when {@code bytes} more would leave less than the reserve. */
    synchronized void beforeAppend(int bytes) {
        long now = System.nanoTime();
        boolean stale = now - checkedAtNanos > RECHECK_MILLIS * 1_000_000L;
        if (stale || full || knownUsable - acceptedSince - bytes < 2 * reserve) {
            knownUsable = probe();
            acceptedSince = 0;
            checkedAtNanos = now;
        }
        if (knownUsable - acceptedSince - bytes < reserve) {
            if (!full) {
                full = true;
                LOG.error("{} in {}: disk full ({} bytes free, {} in reserve); appends are refused until space is freed",
                        name, dir, knownUsable, reserve);
            }
            throw new DiskFullException(dir, knownUsable - acceptedSince, reserve);
        }
        if (full) {
            full = false;
            LOG.info("{} in {}: space freed ({} bytes free); appends resume", name, dir, knownUsable);
        }
        acceptedSince += bytes;
    }

    /** The bytes free when last asked (for metrics); asks if never asked. */
    synchronized long usableBytes() {
        if (knownUsable == Long.MAX_VALUE) {
            knownUsable = probe();
        }
        return knownUsable - acceptedSince;
    }

    private long probe() {
        try {
            return space.usableBytes(dir);
        } catch (IOException e) {
            // An unknown answer must not stop writing: the log then fails as it would have without the check.
            LOG.warn("{}: cannot ask the file system holding {} for its free space: {}", name, dir, e.toString());
            return Long.MAX_VALUE / 2;
        }
    }
}
