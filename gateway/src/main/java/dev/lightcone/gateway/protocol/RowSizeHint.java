package dev.lightcone.gateway.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * How to split a {@link BsatnRowList}'s bytes into rows: one fixed size, or each row's start offset. Arrays held by
 * protocol records are owned by the record and never mutated; they are not copied, to keep fan-out allocation-lean.
 */
public sealed interface RowSizeHint {

    /** The number of rows in {@code dataLength} bytes of row data under this hint. */
    int rowCount(int dataLength);

    /** Tag 0: every row has exactly {@code rowSize} bytes ({@code u16}, greater than zero). */
    record FixedSize(int rowSize) implements RowSizeHint {
        /** Checks that the size fits a {@code u16} and is positive. */
        public FixedSize {
            if (rowSize <= 0 || rowSize > 0xFFFF) {
                throw new IllegalArgumentException("fixed row size must be in 1..65535, got " + rowSize);
            }
        }

        @Override
        public int rowCount(int dataLength) {
            return dataLength / rowSize;
        }
    }

    /** Tag 1: the start offset of each row inside the row data; a row ends where the next starts. */
    record RowOffsets(long[] offsets) implements RowSizeHint {
        /** Checks for nulls; the array is owned by the record and not copied. */
        public RowOffsets {
            Objects.requireNonNull(offsets, "offsets");
        }

        /** The offset of row {@code i}. */
        public long offset(int i) {
            return offsets[i];
        }

        @Override
        public int rowCount(int dataLength) {
            return offsets.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RowOffsets r && Arrays.equals(offsets, r.offsets);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(offsets);
        }

        @Override
        public String toString() {
            return "RowOffsets" + Arrays.toString(offsets);
        }
    }
}
