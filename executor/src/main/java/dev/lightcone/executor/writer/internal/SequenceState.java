package dev.lightcone.executor.writer.internal;

import java.math.BigInteger;

/** The position of one auto-increment sequence, as effects and snapshots record it. */
public record SequenceState(int tableId, int column, BigInteger next, boolean exhausted) {
}
