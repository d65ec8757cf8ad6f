package dev.lightcone.commitlog.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightcone.commitlog.EffectLog;
import dev.lightcone.commitlog.EffectLogContract;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedEffect;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleEffectLogTest extends EffectLogContract {
    @TempDir
    Path tmp;

    @Override
    protected EffectLog newLog() {
        return ChronicleEffectLog.open(tmp.resolve("effects"));
    }

    @Test
    void reopeningRestoresTheLastCommandOffsetAndContinues() throws InterruptedException {
        Path dir = tmp.resolve("reopen");
        try (EffectLog log = ChronicleEffectLog.open(dir)) {
            log.append(10, effect(10));
            log.append(20, effect(20));
        }
        try (EffectLog log = ChronicleEffectLog.open(dir)) {
            assertEquals(20, log.lastCommandOffset());
            assertEquals(2, log.endPosition());
            assertEquals(2, log.append(30, effect(30)));
            try (LogTailer<LoggedEffect> t = log.tailFromCommand(15)) {
                assertEquals(20, t.poll(10, TimeUnit.SECONDS).commandOffset());
                assertEquals(30, t.poll(10, TimeUnit.SECONDS).commandOffset());
            }
        }
    }
    @Test
    void writtenBehindEffectsAreReadableAtOnceForcedWhenIdleAndKeptOnClose() throws Exception {
        Path dir = tmp.resolve("behind");
        try (EffectLog log = ChronicleEffectLog.open(dir)) {
            for (int i = 0; i < 100; i++) {
                log.append(i, effect(i));
            }
            // Readable without waiting for a force (a tailer waits for the gathered batch to be written).
            try (LogTailer<LoggedEffect> t = log.tailFromCommand(0)) {
                for (int i = 0; i < 100; i++) {
                    assertEquals(i, t.poll(10, TimeUnit.SECONDS).commandOffset());
                }
            }
            // Nobody appends any more: the idle log forces what it wrote on its own.
            assertEquals(99, log.whenDurable(99).get(30, TimeUnit.SECONDS));
            for (int i = 100; i < 150; i++) {
                log.append(i, effect(i));
            }
        }
        try (EffectLog log = ChronicleEffectLog.open(dir)) {
            assertEquals(149, log.lastCommandOffset());
            assertEquals(150, log.endPosition());
        }
    }
}
