package dev.lightcone.executor.datastore;

import dev.lightcone.sats.moduledef.SequenceSchema;
import java.math.BigInteger;

/**
 * An auto-increment sequence. Values handed out are never taken back, even when the transaction
 * that took them rolls back, so a value is never reused.
 */
public final class Sequence {
    private final SequenceSchema schema;
    private BigInteger next;
    private boolean exhausted;

    public Sequence(SequenceSchema schema) {
        this.schema = schema;
        this.next = schema.start();
    }

    public SequenceSchema schema() {
        return schema;
    }

    /** The value the next call to {@link #take()} returns. */
    public BigInteger peek() {
        return next;
    }

    /** Restores the position from a snapshot or effect. */
    public void restore(BigInteger nextValue, boolean isExhausted) {
        this.next = nextValue;
        this.exhausted = isExhausted;
    }

    public boolean exhausted() {
        return exhausted;
    }

    /** Takes the next value, wrapping from the maximum back to the minimum. */
    public BigInteger take() {
        if (exhausted) {
            throw new SequenceExhaustedException(schema.name());
        }
        BigInteger v = next;
        BigInteger n = v.add(schema.increment());
        if (n.compareTo(schema.max()) > 0 || n.compareTo(schema.min()) < 0) {
            n = schema.increment().signum() > 0 ? schema.min() : schema.max();
            if (n.equals(schema.start())) {
                exhausted = true;
            }
        }
        next = n;
        return v;
    }
}
