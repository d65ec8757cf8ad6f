package dev.lightcone.commitlog.snapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A consistent image of a database after the command at {@code commandOffset}: opaque named sections
 * (for example one per table), kept in insertion order. The byte arrays are owned by the snapshot.
 */
public record Snapshot(long commandOffset, Map<String, byte[]> sections) {

    public Snapshot {
        if (commandOffset < -1) {
            throw new IllegalArgumentException("command offset must be -1 (empty log) or more, got " + commandOffset);
        }
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    @Override
    public String toString() {
        return "Snapshot[commandOffset=" + commandOffset + ", sections=" + sections.keySet() + "]";
    }
}
