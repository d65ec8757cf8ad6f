package dev.lightcone.commitlog.snapshot;

import dev.lightcone.commitlog.CommitLogException;
import dev.lightcone.commitlog.internal.AtomicFiles;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot files in a directory, one per command offset, named {@code snapshot-<offset, 20 digits>.lcsnap}.
 * Each is written atomically (temp file, fsync, rename, directory fsync). Layout, little-endian:
 *
 * <pre>
 * 0  8 bytes  magic "LCSNAP01"
 * 8  u32      format version (1)
 * 12 u64      command offset the snapshot reflects (as two's complement; -1 for an empty log)
 * 20 u32      section count
 *    per section: u32 name length, UTF-8 name, u64 data length, data
 * end u32     CRC32C of every byte before it
 * </pre>
 */
public final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final byte[] MAGIC = "LCSNAP01".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".lcsnap";

    private final Path dir;
    /**
     * Files this store wrote or read intact, with their size and modification time then: pruning trusts them
     * while neither changed instead of reading every kept snapshot again after each new one.
     */
    private final Map<Path, FileStamp> intact = new ConcurrentHashMap<>();

    private record FileStamp(long size, FileTime modified) {
        static Optional<FileStamp> of(Path path) {
            try {
                return Optional.of(new FileStamp(Files.size(path), Files.getLastModifiedTime(path)));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    private SnapshotStore(Path dir) {
        this.dir = dir;
    }

    /** A store in {@code dir}, created if missing; temp files left by a crash are removed. */
    public static SnapshotStore open(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)) {
                        LOG.info("removing unfinished snapshot {}", p);
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new CommitLogException("cannot open snapshot directory " + dir, e);
        }
        return new SnapshotStore(dir);
    }

    /** Writes {@code snapshot} atomically and durably; replaces one at the same offset. */
    public SnapshotInfo write(Snapshot snapshot) {
        Path target = dir.resolve(String.format("%s%020d%s", PREFIX, snapshot.commandOffset(), SUFFIX));
        try {
            AtomicFiles.write(target, out -> writeBody(snapshot, out));
        } catch (IOException e) {
            throw new CommitLogException("cannot write snapshot at offset " + snapshot.commandOffset(), e);
        }
        FileStamp.of(target).ifPresent(stamp -> intact.put(target, stamp));
        LOG.info("wrote snapshot at offset {} with {} section(s)", snapshot.commandOffset(), snapshot.sections().size());
        return new SnapshotInfo(snapshot.commandOffset(), target);
    }

    private static void writeBody(Snapshot snapshot, OutputStream raw) throws IOException {
        CRC32C crc = new CRC32C();
        CheckedOutputStream out = new CheckedOutputStream(raw, crc);
        ByteBuffer num = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        out.write(MAGIC);
        out.write(num.clear().putInt(VERSION).array(), 0, 4);
        out.write(num.clear().putLong(snapshot.commandOffset()).array(), 0, 8);
        out.write(num.clear().putInt(snapshot.sections().size()).array(), 0, 4);
        for (Map.Entry<String, byte[]> s : snapshot.sections().entrySet()) {
            byte[] name = s.getKey().getBytes(StandardCharsets.UTF_8);
            out.write(num.clear().putInt(name.length).array(), 0, 4);
            out.write(name);
            out.write(num.clear().putLong(s.getValue().length).array(), 0, 8);
            out.write(s.getValue());
        }
        raw.write(num.clear().putInt((int) crc.getValue()).array(), 0, 4);
    }

    /** The stored snapshots, oldest first, as named on disk (not verified). */
    public List<SnapshotInfo> list() {
        List<SnapshotInfo> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                    try {
                        out.add(new SnapshotInfo(Long.parseLong(name, PREFIX.length(),
                                name.length() - SUFFIX.length(), 10), p));
                    } catch (NumberFormatException e) {
                        LOG.warn("ignoring {}: not a snapshot name", p);
                    }
                }
            }
        } catch (IOException e) {
            throw new CommitLogException("cannot list snapshots in " + dir, e);
        }
        out.sort(Comparator.comparingLong(SnapshotInfo::commandOffset));
        return out;
    }

    /** The newest snapshot that verifies, skipping (and logging) corrupt ones. */
    public Optional<Snapshot> readLatestValid() {
        return readLatestValid(Long.MAX_VALUE);
    }

    /** The newest snapshot at or before {@code maxCommandOffset} that verifies. */
    public Optional<Snapshot> readLatestValid(long maxCommandOffset) {
        List<SnapshotInfo> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            SnapshotInfo info = all.get(i);
            if (info.commandOffset() > maxCommandOffset) {
                continue;
            }
            try {
                return Optional.of(read(info));
            } catch (CorruptSnapshotException e) {
                LOG.warn("skipping corrupt snapshot: {}", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Reads and verifies one snapshot unless this store saw it intact and it has not changed since. */
    private void verify(SnapshotInfo info) {
        FileStamp seen = intact.get(info.path());
        if (seen == null || !FileStamp.of(info.path()).equals(Optional.of(seen))) {
            read(info);
        }
    }

    /**
     * Reads and verifies one snapshot.
     *
     * @throws CorruptSnapshotException if it is truncated, fails its checksum or does not parse
     */
    public Snapshot read(SnapshotInfo info) {
        Path path = info.path();
        Optional<FileStamp> stamp = FileStamp.of(path);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CommitLogException("cannot read snapshot " + path, e);
        }
        int bodyLength = bytes.length - 4;
        if (bodyLength < MAGIC.length + 16) {
            throw new CorruptSnapshotException(path, bytes.length, "too short to be a snapshot");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bodyLength);
        int stored = ByteBuffer.wrap(bytes, bodyLength, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if ((int) crc.getValue() != stored) {
            throw new CorruptSnapshotException(path, bodyLength, "checksum mismatch");
        }
        BsatnReader r = new BsatnReader(bytes, 0, bodyLength);
        try {
            for (byte m : MAGIC) {
                if ((byte) r.readU8() != m) {
                    throw new CorruptSnapshotException(path, 0, "not a snapshot file (bad magic)");
                }
            }
            int version = r.readU32();
            if (version != VERSION) {
                throw new CorruptSnapshotException(path, MAGIC.length, "unknown snapshot version " + version);
            }
            long offset = r.readU64();
            if (offset != info.commandOffset()) {
                throw new CorruptSnapshotException(path, MAGIC.length + 4, "header offset " + offset
                        + " disagrees with the file name");
            }
            int count = r.readLength(12);
            Map<String, byte[]> sections = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = r.readString();
                int at = r.position();
                long length = r.readU64();
                if (length < 0 || length > r.remaining()) {
                    throw new CorruptSnapshotException(path, at, "section '" + name + "' claims " + length + " bytes");
                }
                sections.put(name, r.readRaw((int) length));
            }
            r.expectEnd();
            stamp.ifPresent(st -> intact.put(path, st));
            return new Snapshot(offset, sections);
        } catch (BsatnDecodeException e) {
            throw new CorruptSnapshotException(path, e.offset(), e.getMessage());
        }
    }

    /**
     * Deletes every snapshot older than the {@code keep} newest valid ones and returns how many it
     * deleted. Corrupt files newer than that point are left for inspection.
     */
    public int prune(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one snapshot, got " + keep);
        }
        List<SnapshotInfo> all = list();
        int valid = 0;
        int deleted = 0;
        for (int i = all.size() - 1; i >= 0; i--) {
            SnapshotInfo info = all.get(i);
            if (valid >= keep) {
                try {
                    Files.deleteIfExists(info.path());
                    intact.remove(info.path());
                    deleted++;
                } catch (IOException e) {
                    throw new CommitLogException("cannot delete snapshot " + info.path(), e);
                }
                continue;
            }
            try {
                verify(info);
                valid++;
            } catch (CorruptSnapshotException e) {
                LOG.warn("keeping corrupt snapshot for inspection: {}", e.getMessage());
            }
        }
        return deleted;
    }
}
