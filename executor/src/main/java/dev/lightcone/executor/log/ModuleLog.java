package dev.lightcone.executor.log;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database's log: the most recent lines in memory (bounded) plus live listeners, which is what
 * the logs route reads and follows. Lines are also forwarded to SLF4J under {@code lightcone.module.<db>},
 * and, for a {@link #persistent} log, written to a {@link ModuleLogFile} so they outlive restarts.
 * Thread-safe.
 */
public final class ModuleLog {
    private final int capacity;
    private final ArrayDeque<ModuleLogRecord> lines;
    private final List<Consumer<ModuleLogRecord>> listeners = new CopyOnWriteArrayList<>();
    private final Logger slf4j;
    private final ModuleLogFile file;

    /** A log kept in memory only. */
    public ModuleLog(String database, int capacity) {
        this(database, capacity, null);
    }

    private ModuleLog(String database, int capacity, ModuleLogFile file) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 1024));
        this.slf4j = LoggerFactory.getLogger("lightcone.module." + database);
        this.file = file;
    }

    /** A log that also keeps its lines in {@code file}, starting with the last {@code capacity} lines already there. */
    public static ModuleLog persistent(String database, int capacity, ModuleLogFile file) {
        ModuleLog log = new ModuleLog(database, capacity, file);
        log.lines.addAll(file.tail(capacity));
        return log;
    }

    public void append(ModuleLogRecord record) {
        synchronized (lines) {
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(record);
            if (file != null) {
                file.append(record); // under the lock, so the file's order is the memory's order
            }
        }
        if (slf4j.isDebugEnabled()) {
            slf4j.debug("[{}] {}: {}", record.level().displayName(), record.function(), record.message());
        }
        for (Consumer<ModuleLogRecord> l : listeners) {
            l.accept(record);
        }
    }

    /** The last {@code n} lines (all when n is negative), oldest first. */
    public List<ModuleLogRecord> tail(int n) {
        synchronized (lines) {
            List<ModuleLogRecord> all = new ArrayList<>(lines);
            return n < 0 || n >= all.size() ? all : all.subList(all.size() - n, all.size());
        }
    }

    /** Calls {@code listener} for every new line until the returned handle is run. */
    public Runnable follow(Consumer<ModuleLogRecord> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
