package dev.lightcone.commitlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link EffectLog} must have. */
public abstract class EffectLogContract {
    private EffectLog log;

    /** A new, empty log. */
    protected abstract EffectLog newLog();

    protected final EffectLog log() {
        if (log == null) {
            log = newLog();
        }
        return log;
    }

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    protected static byte[] effect(long commandOffset) {
        return new byte[] {(byte) commandOffset, (byte) (commandOffset >> 8), 42};
    }

    @Test
    void effectsAreKeyedByIncreasingCommandOffsets() throws Exception {
        EffectLog log = log();
        assertEquals(-1, log.lastCommandOffset());
        assertEquals(0, log.append(3, effect(3)));
        assertEquals(1, log.append(4, effect(4)));
        assertEquals(2, log.append(9, effect(9)));
        assertEquals(9, log.lastCommandOffset());
        assertThrows(IllegalArgumentException.class, () -> log.append(9, effect(9)));
        assertEquals(3, log.endPosition());
        log.whenDurable(2).get(10, TimeUnit.SECONDS);
        assertEquals(2, log.durablePosition());
    }

    @Test
    void tailFromACommandOffsetStartsAtTheFirstEffectAtOrAfterIt() throws Exception {
        EffectLog log = log();
        long last = -1;
        for (long c = 0; c < 100; c += 3) {
            last = log.append(c, effect(c));
        }
        // Durable implies written, so non-blocking polls below see every record.
        log.whenDurable(last).get(10, TimeUnit.SECONDS);
        for (long from : new long[] {0, 1, 3, 50, 51, 99, 100}) {
            try (LogTailer<LoggedEffect> t = log.tailFromCommand(from)) {
                long expected = (from + 2) / 3 * 3;
                for (LoggedEffect e = t.poll(); e != null; e = t.poll()) {
                    assertEquals(expected, e.commandOffset());
                    assertEquals(expected / 3, e.position());
                    assertArrayEquals(effect(expected), e.payload());
                    expected += 3;
                }
                assertEquals(102, expected, "read to the end from " + from);
            }
        }
    }

    @Test
    void aTailerAtTheEndWaitsForTheNextEffect() throws Exception {
        EffectLog log = log();
        log.append(1, effect(1));
        try (LogTailer<LoggedEffect> t = log.tailFromCommand(2)) {
            assertNull(t.poll());
            log.append(5, effect(5));
            assertEquals(5, t.poll(10, TimeUnit.SECONDS).commandOffset());
        }
    }
}
