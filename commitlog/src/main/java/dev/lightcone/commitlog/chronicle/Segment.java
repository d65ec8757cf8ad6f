package dev.lightcone.commitlog.chronicle;

import dev.lightcone.commitlog.DamagedLogMetadataException;
import dev.lightcone.commitlog.LogCorruptionException;
import dev.lightcone.commitlog.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
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

    /** Directories of segments being created carry this prefix until their metadata is complete. */
    static final String CREATING_PREFIX = "creating-";

    /**
     * Creates the segment starting at {@code base} and opens it. Chronicle writes a new queue's metadata file when it
     * first opens it; a process killed in that moment would leave a segment no later run can open. So the queue is
     * made under a temporary name, its files forced, and only then renamed into place (one atomic rename): a
     * segment directory either has complete metadata or does not exist. Leftovers are removed by {@link #removeLeftovers}.
     */
    static Segment create(Path parent, long base, ChronicleOptions options) {
        Path dir = parent.resolve(dirName(base));
        if (!Files.exists(dir)) {
            Path staging = parent.resolve(CREATING_PREFIX + dirName(base));
            try {
                deleteTree(staging);
                build(staging, options).close();
                try (Stream<Path> files = Files.list(staging)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                            ch.force(true);
                        }
                    }
                }
                AtomicFiles.forceDirectory(staging);
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.forceDirectory(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create log segment " + dir, e);
            }
        }
        return open(parent, base, options);
    }

    /** Removes segment directories a killed process left half-created (never holding a record). */
    static void removeLeftovers(Path parent) throws IOException {
        try (Stream<Path> children = Files.list(parent)) {
            for (Path p : (Iterable<Path>) children::iterator) {
                if (p.getFileName().toString().startsWith(CREATING_PREFIX)) {
                    deleteTree(p);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static SingleChronicleQueue build(Path dir, ChronicleOptions options) {
        return SingleChronicleQueueBuilder.binary(dir)
                .syncMode(SyncMode.SYNC)
                .rollCycle(options.rollCycle())
                .timeProvider(options.timeProvider())
                .build();
    }

    static Segment open(Path parent, long base, ChronicleOptions options) {
        Path dir = parent.resolve(dirName(base));
        SingleChronicleQueue q;
        try {
            q = build(dir, options);
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
