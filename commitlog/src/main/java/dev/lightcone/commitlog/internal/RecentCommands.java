package dev.lightcone.commitlog.internal;

import dev.lightcone.commitlog.LoggedCommand;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The commands this process appended most recently, by offset, waiting for the log's follower to take them
 * from memory instead of reading them back from the log's files (which costs a read of freshly written
 * mapped pages and a decode per record).
 *
 * <p>A fixed ring of slots indexed by offset: a slot holds the newest command whose offset maps to it, so
 * a follower that falls more than the ring's size behind, or that wants a record whose appender has not
 * put it here yet, simply misses and reads the log instead. A taken slot is cleared, so the ring keeps only
 * commands nobody consumed yet. Large records are never kept (the ring must not pin much memory).
 */
final class RecentCommands {
    /** Slots; a power of two. */
    static final int CAPACITY = 1 << 14;
    /** Records whose encoding is larger than this are read back from the log instead. */
    static final int MAX_KEPT_BYTES = 64 << 10;

    private final AtomicReferenceArray<LoggedCommand> slots = new AtomicReferenceArray<>(CAPACITY);

    /** Offers a command just appended with {@code encodedBytes} bytes of encoding. Any thread. */
    void offer(LoggedCommand command, int encodedBytes) {
        if (encodedBytes <= MAX_KEPT_BYTES) {
            slots.set(slot(command.offset()), command);
        }
    }

    /** The command at {@code offset} if it is still here (clearing its slot), else {@code null}. */
    LoggedCommand take(long offset) {
        int i = slot(offset);
        LoggedCommand c = slots.get(i);
        if (c == null || c.offset() != offset) {
            return null;
        }
        slots.compareAndSet(i, c, null);
        return c;
    }

    private static int slot(long offset) {
        return (int) (offset & (CAPACITY - 1));
    }
}
