package dev.lightcone.gateway.node;

import dev.lightcone.commitlog.DamagedLogMetadataException;
import dev.lightcone.commitlog.LogCorruptionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Says, in one line, why a database could not be opened: which file, which offset, and what to do about it. */
final class Unavailable {
    private Unavailable() {
    }

    static String describe(CatalogEntry e, Path dir, Throwable failure) {
        String db = "database " + (e.names().isEmpty() ? "" : e.names().get(0) + " ") + "(" + e.identity().toHex()
                + ") is unavailable: ";
        Optional<LogCorruptionException> damage = cause(failure, LogCorruptionException.class);
        if (damage.isPresent() && damage.get().offset() >= 0) {
            long offset = damage.get().offset();
            String file = segmentHolding(dir.resolve("commands"), offset).map(Path::toString)
                    .orElse(dir.resolve("commands").toString());
            return db + "its command log is damaged at offset " + offset + " in " + file + " ("
                    + damage.get().getMessage() + "); stop the server, check it with `lightcone log verify --database "
                    + e.identity().toHex() + "`, and keep the records before it with `lightcone log truncate --database "
                    + e.identity().toHex() + " --at " + offset + "` (it backs the database up first)";
        }
        Optional<DamagedLogMetadataException> metadata = cause(failure, DamagedLogMetadataException.class);
        if (metadata.isPresent()) {
            return db + metadata.get().getMessage();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return db + "it could not be opened from " + dir + ": " + root;
    }

    private static <T extends Throwable> Optional<T> cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return Optional.of(type.cast(c));
            }
        }
        return Optional.empty();
    }

    /** The command-log segment ({@code seg-<base offset>}) whose records include {@code offset}. */
    private static Optional<Path> segmentHolding(Path commands, long offset) {
        try (Stream<Path> segs = Files.list(commands)) {
            return segs.filter(p -> p.getFileName().toString().startsWith("seg-"))
                    .filter(p -> base(p) <= offset)
                    .max(Comparator.comparingLong(Unavailable::base));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long base(Path seg) {
        return Long.parseLong(seg.getFileName().toString().substring("seg-".length()));
    }
}
