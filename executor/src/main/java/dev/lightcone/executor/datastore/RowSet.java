package dev.lightcone.executor.datastore;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The rows one transaction inserted into, or deleted from, one table: a set that remembers the order rows were
 * added in. Most transactions change a row or two per table, so the first few rows are kept in an array and
 * found by comparing bytes, which costs no hashing and no entry objects; past {@link #SMALL} rows the set moves
 * to a {@link LinkedHashSet}. Not thread-safe.
 */
final class RowSet {
    /** Rows kept in the array before the set moves to a hash set; a linear scan of this many is cheaper than a hash. */
    static final int SMALL = 8;

    private Row[] small;
    private int count;
    /** Every row, once there have been more than {@link #SMALL}; else null. */
    private LinkedHashSet<Row> large;

    int size() {
        return large != null ? large.size() : count;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    boolean contains(Row row) {
        if (large != null) {
            return large.contains(row);
        }
        return indexOf(row) >= 0;
    }

    /** Adds {@code row} unless an equal row is here; returns whether it was added. */
    boolean add(Row row) {
        if (large != null) {
            return large.add(row);
        }
        if (indexOf(row) >= 0) {
            return false;
        }
        if (count == SMALL) {
            large = new LinkedHashSet<>(Arrays.asList(small));
            small = null;
            count = 0;
            return large.add(row);
        }
        if (small == null) {
            small = new Row[2];
        } else if (count == small.length) {
            small = Arrays.copyOf(small, Math.min(count * 2, SMALL));
        }
        small[count++] = row;
        return true;
    }

    /** Removes the row equal to {@code row}; returns whether there was one. */
    boolean remove(Row row) {
        if (large != null) {
            return large.remove(row);
        }
        int i = indexOf(row);
        if (i < 0) {
            return false;
        }
        System.arraycopy(small, i + 1, small, i, count - 1 - i);
        small[--count] = null;
        return true;
    }

    /** The rows as an unmodifiable list, in the order they were added (a list of one or two rows holds no array). */
    List<Row> toList() {
        if (large != null) {
            return List.copyOf(large);
        }
        return switch (count) {
            case 0 -> List.of();
            case 1 -> List.of(small[0]);
            case 2 -> List.of(small[0], small[1]);
            default -> List.of(Arrays.copyOf(small, count));
        };
    }

    /** Adds every row to {@code out}, in the order they were added here. */
    void addTo(Collection<Row> out) {
        if (large != null) {
            out.addAll(large);
            return;
        }
        for (int i = 0; i < count; i++) {
            out.add(small[i]);
        }
    }

    private int indexOf(Row row) {
        for (int i = 0; i < count; i++) {
            if (small[i].equals(row)) {
                return i;
            }
        }
        return -1;
    }
}
