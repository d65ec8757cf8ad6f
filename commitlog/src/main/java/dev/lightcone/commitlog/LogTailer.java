package dev.lightcone.commitlog;

import java.util.concurrent.TimeUnit;

/**
 * A reader that walks a log forward from an offset, one record at a time, and can wait for records that
 * have not been written yet. Confined to one thread (the thread that first polls it).
 *
 * @param <T> the record type it yields
 */
public interface LogTailer<T> extends AutoCloseable {

    /** The next record if one is readable now, else {@code null}; never blocks. */
    T poll();

    /** The next record, waiting up to {@code timeout} for it to be written; {@code null} on timeout. */
    T poll(long timeout, TimeUnit unit) throws InterruptedException;

    /** The offset of the record the next successful poll returns. */
    long nextOffset();

    /** Releases the reader's resources; the log stays open. */
    @Override
    void close();
}
