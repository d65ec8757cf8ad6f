package dev.lightcone.commitlog.chronicle;

import dev.lightcone.commitlog.DamagedLogMetadataException;
import dev.lightcone.commitlog.LogCorruptionException;
import java.nio.file.Path;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One Chronicle queue directory holding the records from {@code base} on. Each process run that appends
 * starts a new segment, so no file a previous run may have torn is ever written again.
 */
final class Segment {
    static final String PREFIX = "seg-";
    /** Chronicle's per-queue metadata (lock, last cycle): derived, rebuilt from the data files when missing. */
    static final String METADATA_FILE = "metadata.cq4t";

    final long base;
    final Path dir;
    final SingleChronicleQueue queue;
    /** First logical offset stored in each cycle; only cycles that hold records are cached. */
    private final ConcurrentHashMap<Integer, Long> cycleFirstOffset = new ConcurrentHashMap<>();

    private Segment(long base, Path dir, SingleChronicleQueue queue) {
        this.base = base;
        this.dir = dir;
        this.queue = queue;
    }

    static String dirName(long base) {
        return String.format("%s%020d", PREFIX, base);
    }

    /** The base offset in a segment directory name, or -1 if the name is not a segment's. */
    static long parseBase(String name) {
        if (!name.startsWith(PREFIX) || name.length() != PREFIX.length() + 20) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Segment open(Path parent, long base, ChronicleOptions options) {
        Path dir = parent.resolve(dirName(base));
        SingleChronicleQueue q;
        try {
            q = SingleChronicleQueueBuilder.binary(dir)
                    .syncMode(SyncMode.SYNC)
                    .rollCycle(options.rollCycle())
                    .timeProvider(options.timeProvider())
                    .build();
        } catch (IllegalStateException e) {
            // Chronicle's own words ("Unable to claim exclusive lock on file …metadata.cq4t") blame a lock, but the
            // process holds the data directory's lock, so the usual cause is a damaged metadata file: say so.
            Path metadata = dir.resolve(METADATA_FILE);
            if (String.valueOf(e.getMessage()).contains(METADATA_FILE)) {
                throw new DamagedLogMetadataException(metadata, e);
            }
            throw e;
        }
        return new Segment(base, dir, q);
    }

    /** The Chronicle index of the record at {@code offset}, which must lie in this segment. */
    long indexOf(long offset) {
        RollCycle rc = queue.rollCycle();
        NavigableSet<Long> cycles = queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle());
        for (Long c : cycles.descendingSet()) {
            int cycle = c.intValue();
            long first = firstOffsetOf(cycle);
            if (first <= offset) {
                return rc.toIndex(cycle, offset - first);
            }
        }
        throw new LogCorruptionException(offset, "no data file of " + dir + " holds the record");
    }

    private long firstOffsetOf(int cycle) {
        Long cached = cycleFirstOffset.get(cycle);
        if (cached != null) {
            return cached;
        }
        try (ExcerptTailer t = queue.createTailer()) {
            if (!t.moveToIndex(queue.rollCycle().toIndex(cycle, 0))) {
                return Long.MAX_VALUE; // a cycle file without records yet: not cached, it may fill later
            }
            try (DocumentContext dc = t.readingDocument()) {
                if (!dc.isPresent()) {
                    return Long.MAX_VALUE;
                }
                long first = new FrameFormat.Decoder().read(dc.wire().bytes(), -1).offset();
                cycleFirstOffset.put(cycle, first);
                return first;
            }
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
