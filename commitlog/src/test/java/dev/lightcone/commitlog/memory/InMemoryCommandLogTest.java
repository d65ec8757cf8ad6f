package dev.lightcone.commitlog.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.CommandLogContract;
import dev.lightcone.commitlog.Commands;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InMemoryCommandLogTest extends CommandLogContract {

    @Override
    protected boolean onlyThisObjectAppends() {
        return true;
    }

    @Override
    protected CommandLog newLog() {
        return InMemoryCommandLog.create();
    }

    @Override
    protected CommandLog reopen(CommandLog log) {
        return null;
    }

    @Test
    void manualDurabilityHoldsWaitersBackUntilReleased() {
        InMemoryCommandLog log = InMemoryCommandLog.withManualDurability();
        track(log);
        log.append(Commands.call(0, 0));
        log.append(Commands.call(0, 1));
        CompletableFuture<Long> second = log.whenDurable(1);
        assertEquals(-1, log.durableOffset());
        log.makeDurable(0);
        assertEquals(0, log.durableOffset());
        assertFalse(second.isDone());
        log.makeDurable(5);
        assertTrue(second.isDone());
        assertEquals(1, log.durableOffset());
    }
}
