package dev.lightcone.commitlog.memory;

import dev.lightcone.commitlog.EffectLog;
import dev.lightcone.commitlog.EffectLogContract;

class InMemoryEffectLogTest extends EffectLogContract {
    @Override
    protected EffectLog newLog() {
        return new InMemoryEffectLog();
    }
}
