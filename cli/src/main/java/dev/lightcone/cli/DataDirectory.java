package dev.lightcone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.sats.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A node's data directory as the operator commands see it: {@code databases/<identity hex>/} per database, each
 * with a {@code meta.json} ({@code identity}, {@code owner}, {@code names}) and its storage.
 */
final class DataDirectory {
    /** The block size below which {@link #copySparse} does not look for holes. */
    private static final int SPARSE_BLOCK = 64 << 10;
    /** The databases' parent directory inside a data directory. */
    static final String DATABASES = "databases";
    /** Each database's metadata file. */
    static final String META = "meta.json";

    /** One database in a data directory. */
    record DatabaseDir(Path dir, Identity identity, Identity owner, List<String> names) {
        /** Its first name, or its identity when it has none. */
        String label() {
            return names.isEmpty() ? identity.toHex() : names.get(0) + " (" + identity.toHex() + ")";
        }
    }

    private DataDirectory() {
    }

    /** Reads a database directory's {@code meta.json}. */
    static DatabaseDir read(Path dir) {
        Path meta = dir.resolve(META);
        try {
            JsonNode m = ServerClient.JSON.readTree(meta.toFile());
            List<String> names = new ArrayList<>();
            m.path("names").forEach(n -> names.add(n.asText()));
            return new DatabaseDir(dir, Identity.fromHex(m.path("identity").asText()),
                    Identity.fromHex(m.path("owner").asText()), List.copyOf(names));
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot read " + meta + ": " + e.getMessage(), CliException.FAILED, e);
        }
    }

    /** Every database under {@code dataDir}. */
    static List<DatabaseDir> list(Path dataDir) {
        Path dbs = dataDir.resolve(DATABASES);
        if (!Files.isDirectory(dbs)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(dbs)) {
            return dirs.filter(p -> Files.isRegularFile(p.resolve(META))).sorted().map(DataDirectory::read).toList();
        } catch (IOException e) {
            throw new CliException("cannot list " + dbs + ": " + e.getMessage(), CliException.FAILED, e);
        }
    }

    /** The database named or identified by {@code nameOrIdentity} under {@code dataDir}. */
    static DatabaseDir find(Path dataDir, String nameOrIdentity) {
        if (!Files.isDirectory(dataDir)) {
            throw new CliException("there is no data directory " + dataDir);
        }
        List<DatabaseDir> all = list(dataDir);
        for (DatabaseDir d : all) {
            if (d.names().contains(nameOrIdentity) || d.identity().toHex().equalsIgnoreCase(nameOrIdentity)) {
                return d;
            }
        }
        StringBuilder known = new StringBuilder();
        for (DatabaseDir d : all) {
            known.append(known.length() == 0 ? "" : ", ").append(d.names().isEmpty() ? d.identity().toHex()
                    : String.join("/", d.names()));
        }
        throw new CliException("no database `" + nameOrIdentity + "` in " + dataDir
                + (all.isEmpty() ? " (it holds none)" : "; it holds: " + known));
    }

    /** The directory a database with {@code identity} has under {@code dataDir}. */
    static Path databaseDir(Path dataDir, Identity identity) {
        return dataDir.resolve(DATABASES).resolve(identity.toHex());
    }

    /** True when {@code dir} is missing or an empty directory. */
    static boolean isAbsentOrEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The totals of a copy: files, and bytes of data (holes in sparse files not counted). */
    record CopyStats(long files, long bytes) {
    }

    /** Copies the tree {@code from} into {@code to} (created), skipping {@code *.tmp} and lock files. */
    static CopyStats copyTree(Path from, Path to) {
        long[] totals = new long[2];
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".tmp") || name.equals(DataDirLock.FILE)) {
                        return FileVisitResult.CONTINUE;
                    }
                    totals[0]++;
                    totals[1] += copySparse(file, to.resolve(from.relativize(file).toString()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new CliException("cannot copy " + from + " to " + to + ": " + e.getMessage(), CliException.FAILED, e);
        }
        return new CopyStats(totals[0], totals[1]);
    }

    /**
     * Copies one file, leaving its all-zero blocks as holes: Chronicle preallocates its data files (tens of MiB,
     * mostly never written), and a plain copy would fill them in.
     *
     * @return the bytes written (the file's data without its holes)
     */
    private static long copySparse(Path from, Path to) throws IOException {
        long written = 0;
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            ByteBuffer buf = ByteBuffer.allocate(SPARSE_BLOCK);
            long pos = 0;
            while (pos < size) {
                buf.clear();
                int n = in.read(buf, pos);
                if (n < 0) {
                    break;
                }
                buf.flip();
                if (!allZero(buf)) {
                    written += n;
                    while (buf.hasRemaining()) {
                        out.write(buf, pos + buf.position());
                    }
                }
                pos += n;
            }
            if (out.size() < pos) {
                // Extend to the full length; the gap reads as zeros.
                out.write(ByteBuffer.wrap(new byte[1]), pos - 1);
            }
        }
        Files.setLastModifiedTime(to, Files.getLastModifiedTime(from));
        return written;
    }

    private static boolean allZero(ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Deletes a tree if it exists. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new CliException("cannot delete " + dir + ": " + e.getMessage(), CliException.FAILED, e);
        }
    }

    /** A byte count for people: {@code 512 B}, {@code 3.4 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
