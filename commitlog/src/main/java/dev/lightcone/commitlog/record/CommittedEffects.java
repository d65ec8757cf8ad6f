package dev.lightcone.commitlog.record;

import dev.lightcone.sats.Timestamp;
import java.util.Arrays;

/**
 * The committed effects of non-deterministic work (a procedure's transaction), logged as a result
 * because re-running it would not reproduce it.
 *
 * @param effects opaque effect bytes in the executor's format; owned by the record
 */
public record CommittedEffects(Timestamp timestamp, byte[] effects) implements Command {

    @Override
    public boolean equals(Object o) {
        return o instanceof CommittedEffects c && c.timestamp.equals(timestamp) && Arrays.equals(c.effects, effects);
    }

    @Override
    public int hashCode() {
        return timestamp.hashCode() * 31 + Arrays.hashCode(effects);
    }

    @Override
    public String toString() {
        return "CommittedEffects[timestamp=" + timestamp + ", effects=" + effects.length + " bytes]";
    }
}
