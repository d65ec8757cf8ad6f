package dev.lightcone.commitlog;

import java.util.Arrays;

/**
 * One committed transaction's effects as stored in the effect log. The payload is opaque here (the
 * executor defines its format) and is owned by this value: never mutate it.
 *
 * @param position      the record's own dense position in the effect log
 * @param commandOffset the command-log offset the effects derive from
 * @param payload       the effect bytes
 */
public record LoggedEffect(long position, long commandOffset, byte[] payload) {

    @Override
    public boolean equals(Object o) {
        return o instanceof LoggedEffect e && e.position == position && e.commandOffset == commandOffset
                && Arrays.equals(e.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(position) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LoggedEffect[position=" + position + ", commandOffset=" + commandOffset + ", payload="
                + payload.length + " bytes]";
    }
}
