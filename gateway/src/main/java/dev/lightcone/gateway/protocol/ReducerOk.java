package dev.lightcone.gateway.protocol;

import java.util.Arrays;
import java.util.Objects;

/** A committed reducer call: its BSATN return value (empty for ordinary reducers) and the caller's updates. */
public record ReducerOk(byte[] retValue, TransactionUpdate transactionUpdate) {
    /** Checks for nulls; the array is owned by the record and not copied. */
    public ReducerOk {
        Objects.requireNonNull(retValue, "retValue");
        Objects.requireNonNull(transactionUpdate, "transactionUpdate");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReducerOk r && Arrays.equals(retValue, r.retValue)
                && transactionUpdate.equals(r.transactionUpdate);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(retValue) + transactionUpdate.hashCode();
    }

    @Override
    public String toString() {
        return "ReducerOk[retValue=" + Bytes.show(retValue) + ", transactionUpdate=" + transactionUpdate + "]";
    }
}
