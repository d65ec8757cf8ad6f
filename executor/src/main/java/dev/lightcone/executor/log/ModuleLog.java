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
 * the logs route reads and follows. Lines are also forwarded to SLF4J under {@code lightcone.module.<db>}.
 * Thread-safe.
 */
public final class ModuleLog {
    private final int capacity;
    private final ArrayDeque<ModuleLogRecord> lines;
    private final List<Consumer<ModuleLogRecord>> listeners = new CopyOnWriteArrayList<>();
    private final Logger slf4j;

    public ModuleLog(String database, int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 1024));
        this.slf4j = LoggerFactory.getLogger("lightcone.module." + database);
    }

    public void append(ModuleLogRecord record) {
        synchronized (lines) {
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(record);
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
