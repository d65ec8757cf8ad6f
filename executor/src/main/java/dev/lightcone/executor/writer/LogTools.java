package dev.lightcone.executor.writer;

import dev.lightcone.commitlog.record.RunSql;
import dev.lightcone.executor.writer.internal.CommandOrigin;
import dev.lightcone.executor.writer.internal.EffectCodec;
import dev.lightcone.executor.writer.internal.RecordedEffects;
import dev.lightcone.sats.Identity;

import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.LoggedEffect;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.commitlog.record.PublishModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Operator tools over a database's storage: inspect the log, and replay it up to an offset elsewhere. */
public final class LogTools {
    private LogTools() {
    }

    /** Up to {@code limit} records from {@code from}, with the outcome the effect log recorded for each. */
    public static List<LogEntry> inspect(WriterStorage storage, long from, int limit) {
        Map<Long, RecordedEffects> effects = new HashMap<>();
        try (LogTailer<LoggedEffect> t = storage.effects().tailFromCommand(from)) {
            for (LoggedEffect e = t.poll(); e != null && e.commandOffset() < from + limit; e = t.poll()) {
                effects.put(e.commandOffset(), EffectCodec.decode(e.payload()));
            }
        }
        List<LogEntry> out = new ArrayList<>();
        try (LogTailer<LoggedCommand> t = storage.commands().tail(Math.max(from, storage.commands().firstOffset()))) {
            for (LoggedCommand c = t.poll(); c != null && out.size() < limit; c = t.poll()) {
                out.add(entry(c, effects.get(c.offset())));
            }
        }
        return out;
    }

    private static LogEntry entry(LoggedCommand c, RecordedEffects e) {
        Command cmd = c.command();
        CommandOrigin origin = CommandOrigin.of(cmd, Identity.ZERO);
        String caller = origin.caller().equals(Identity.ZERO) ? "" : origin.caller().toHex();
        String function = origin.function() == null ? "" : origin.function();
        if (cmd instanceof PublishModule p) {
            function = p.clear() ? "publish (clear)" : "publish";
        } else if (cmd instanceof RunSql q) {
            function = "sql: " + q.sql();
        }
        String outcome;
        if (e == null) {
            outcome = "not applied";
        } else if (e.error() != null) {
            outcome = "error: " + e.error();
        } else if (e.transactions().isEmpty()) {
            outcome = "no-op";
        } else {
            outcome = e.transactions().get(0).committed() ? "committed" : "failed";
        }
        return new LogEntry(c.offset(), cmd.getClass().getSimpleName(), cmd.timestamp().toString(), caller, function,
                outcome);
    }

    /**
     * Time travel: copies the records up to and including {@code toOffset} into {@code target} (a
     * fresh storage) and applies them there, leaving a database as it was right after that record.
     *
     * @return the number of records copied
     */
    public static long replayTo(WriterStorage source, long toOffset, WriterStorage target,
            DatabaseWriter.Options options) throws InterruptedException {
        if (target.commands().endOffset() != 0) {
            throw new IllegalArgumentException("the target of a replay must be empty");
        }
        long copied = 0;
        try (LogTailer<LoggedCommand> t = source.commands().tail(source.commands().firstOffset())) {
            for (LoggedCommand c = t.poll(); c != null && c.offset() <= toOffset; c = t.poll()) {
                target.commands().append(c.command());
                copied++;
            }
        }
        try (DatabaseWriter w = DatabaseWriter.open(target, options.withDisconnectStale(false))) {
            w.awaitApplied(copied - 1, 1, TimeUnit.HOURS);
        }
        return copied;
    }
}
