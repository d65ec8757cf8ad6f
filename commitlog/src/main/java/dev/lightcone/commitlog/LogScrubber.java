package dev.lightcone.commitlog;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a command log from its first record to its durable end, again and again, on a low-priority thread at a
 * bounded rate, so that a flipped bit in an old record (which recovery may never need to read until a snapshot is
 * lost) is found while the database still serves, not at the next {@code log replay}. Every record's checksum,
 * framing and offset are checked by reading it; the first damaged record is logged once and kept in
 * {@link #damagedOffset()} (for {@code /v1/metrics}). Nothing is repaired: {@code lightcone log verify} and
 * {@code lightcone log truncate} do that with the server stopped.
 */
public final class LogScrubber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogScrubber.class);

    /**
     * How the scrubber paces itself.
     *
     * @param firstDelay       before the first pass (start-up has just read the log's tail)
     * @param pause            between two passes
     * @param recordsPerSecond the most records read per second (disk and CPU left to the writer)
     */
    public record Options(Duration firstDelay, Duration pause, int recordsPerSecond) {
        /** One pass an hour after a minute, at 5,000 records per second. */
        public static final Options DEFAULT = new Options(Duration.ofMinutes(1), Duration.ofHours(1), 5_000);

        /** Checks the values. */
        public Options {
            Objects.requireNonNull(firstDelay, "firstDelay");
            Objects.requireNonNull(pause, "pause");
            if (recordsPerSecond < 1) {
                throw new IllegalArgumentException("recordsPerSecond must be positive: " + recordsPerSecond);
            }
        }
    }

    private final CommandLog log;
    private final String name;
    private final Options options;
    private final Thread thread;
    /** The last record the log held when scrubbing started: read from disk, so durable. */
    private final long foundAtOpen;
    private volatile boolean running = true;
    /** Counted down by {@link #close()}: waits end at once, without interrupting (Chronicle's files must not see one). */
    private final java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
    private volatile long damagedOffset = -1;
    private volatile long passes;
    private volatile long recordsChecked;

    private LogScrubber(CommandLog log, String name, Options options) {
        this.log = log;
        this.name = name;
        this.options = options;
        this.foundAtOpen = log.endOffset() - 1;
        this.thread = new Thread(this::run, "lightcone-log-scrub-" + name);
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** Starts scrubbing {@code log} (of the database {@code name}, for messages). */
    public static LogScrubber start(CommandLog log, String name, Options options) {
        LogScrubber s = new LogScrubber(log, name, options);
        s.thread.start();
        return s;
    }

    /** The offset of the first damaged record found, or -1 while none is. */
    public long damagedOffset() {
        return damagedOffset;
    }

    /** Complete passes over the log. */
    public long passes() {
        return passes;
    }

    /** Records read and found intact, over every pass. */
    public long recordsChecked() {
        return recordsChecked;
    }

    private void run() {
        try {
            pauseFor(options.firstDelay().toNanos());
            while (running) {
                pass();
                pauseFor(options.pause().toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LogClosedException e) {
            LOG.debug("log of database {} closed during a scrub", name);
        } catch (RuntimeException e) {
            if (running) {
                LOG.warn("scrubbing the command log of database {} stopped", name, e);
            }
        }
    }

    private void pass() throws InterruptedException {
        long first = log.firstOffset();
        // Only durable records (the newest may still be in flight), and every record the log held when it opened.
        long end = Math.max(log.durableOffset(), foundAtOpen);
        long next = first;
        long windowStart = System.nanoTime();
        int inWindow = 0;
        int perWindow = Math.max(1, options.recordsPerSecond() / 10);
        try (LogTailer<LoggedCommand> t = log.tail(first)) {
            while (running && next <= end) {
                LoggedCommand c = t.poll();
                if (c == null) {
                    LOG.debug("scrub of database {} stopped at offset {}: not readable yet", name, next);
                    return;
                }
                next = c.offset() + 1;
                recordsChecked++;
                if (++inWindow >= perWindow) {
                    long rest = 100_000_000L - (System.nanoTime() - windowStart);
                    if (rest > 0) {
                        pauseFor(rest);
                    }
                    windowStart = System.nanoTime();
                    inWindow = 0;
                }
            }
        } catch (LogCorruptionException e) {
            damaged(e.offset() >= 0 ? e.offset() : next, e.getMessage());
            return;
        } catch (LogClosedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!running) {
                return;
            }
            // Chronicle itself may fail on a damaged header: what it cannot read is damaged from here on.
            damaged(next, String.valueOf(e));
            return;
        }
        if (running) {
            passes++;
            LOG.debug("scrubbed the command log of database {}: offsets {} to {} intact", name, first, end);
        }
    }

    private void pauseFor(long nanos) throws InterruptedException {
        stop.await(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void damaged(long offset, String why) {
        if (damagedOffset != offset) {
            damagedOffset = offset;
            LOG.error("the command log of database {} is damaged at offset {} ({}). The database goes on serving from "
                    + "memory, but recovery cannot read past this record: back it up now, and with the server stopped "
                    + "check it with `lightcone log verify` and repair it with `lightcone log truncate --at {}`",
                    name, offset, why, offset);
        }
    }

    /** Stops scrubbing (at once; a pass in progress is abandoned). */
    @Override
    public void close() {
        running = false;
        stop.countDown();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
