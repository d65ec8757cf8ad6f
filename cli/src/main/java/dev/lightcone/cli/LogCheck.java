package dev.lightcone.cli;

import dev.lightcone.commitlog.LogCorruptionException;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.LoggedEffect;
import dev.lightcone.executor.writer.WriterStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a database's logs from end to end, checking every record's checksum, framing and offset: what
 * {@code lightcone log verify} reports and {@code lightcone log truncate} relies on.
 */
final class LogCheck {
    /** The first record that could not be read, and why. */
    record Damage(long offset, String file, String reason) {
    }

    /**
     * The command log's verdict.
     *
     * @param first      its first offset
     * @param end        one past its last offset, as opening found it
     * @param damage     the first damaged record, if any: every record before it is intact
     */
    record CommandsReport(long first, long end, Optional<Damage> damage) {
        long intactEnd() {
            return damage.map(Damage::offset).orElse(end);
        }
    }

    /** The effect log's verdict: entries read before the first damage, if any. */
    record EffectsReport(long entries, Optional<String> damage) {
    }

    private LogCheck() {
    }

    static CommandsReport commands(WriterStorage storage) {
        long first = storage.commands().firstOffset();
        long end = storage.commands().endOffset();
        long next = first;
        try (LogTailer<LoggedCommand> t = storage.commands().tail(first)) {
            while (next < end) {
                LoggedCommand c = t.poll();
                if (c == null) {
                    return new CommandsReport(first, end, Optional.of(new Damage(next, segment(storage.dir(), next),
                            "record missing")));
                }
                next = c.offset() + 1;
            }
        } catch (LogCorruptionException e) {
            long at = e.offset() >= 0 ? e.offset() : next;
            return new CommandsReport(first, end, Optional.of(new Damage(at, segment(storage.dir(), at),
                    e.getMessage())));
        } catch (RuntimeException e) {
            // Chronicle itself may fail on damaged headers: what it cannot read is damaged from here on.
            return new CommandsReport(first, end, Optional.of(new Damage(next, segment(storage.dir(), next),
                    String.valueOf(e.getMessage()))));
        }
        return new CommandsReport(first, end, Optional.empty());
    }

    static EffectsReport effects(WriterStorage storage) {
        long n = 0;
        try (LogTailer<LoggedEffect> t = storage.effects().tailFromCommand(storage.commands().firstOffset())) {
            for (LoggedEffect e = t.poll(); e != null; e = t.poll()) {
                n++;
            }
        } catch (RuntimeException e) {
            return new EffectsReport(n, Optional.of(String.valueOf(e.getMessage())));
        }
        return new EffectsReport(n, Optional.empty());
    }

    /** The command-log segment directory holding {@code offset}. */
    static String segment(Path databaseDir, long offset) {
        Path commands = databaseDir.resolve("commands");
        try (Stream<Path> segs = Files.list(commands)) {
            return segs.filter(p -> p.getFileName().toString().startsWith("seg-"))
                    .filter(p -> Long.parseLong(p.getFileName().toString().substring(4)) <= offset)
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(Path::toString).orElse(commands.toString());
        } catch (IOException | RuntimeException e) {
            return commands.toString();
        }
    }
}
