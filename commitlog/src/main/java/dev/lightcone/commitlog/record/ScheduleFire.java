package dev.lightcone.commitlog.record;

import dev.lightcone.sats.Timestamp;

/**
 * A scheduled reducer is due. Several nodes may append the same firing; the executor applies only the
 * first record with a given {@link #key()}.
 *
 * @param tableId      the schedule table's id
 * @param tableName    the schedule table's name, kept for audit and for logs read without the schema
 * @param scheduleId   the row's schedule id (u64)
 * @param intendedTime when the schedule was due
 * @param timestamp    when the firing was recorded; the reducer sees this time
 */
public record ScheduleFire(int tableId, String tableName, long scheduleId, Timestamp intendedTime,
                           Timestamp timestamp) implements Command {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitScheduleFire(this);
    }


    /** The identity of a firing for de-duplication: the same key means the same firing. */
    public record Key(int tableId, long scheduleId, Timestamp intendedTime) {
    }

    /** This firing's de-duplication key. */
    public Key key() {
        return new Key(tableId, scheduleId, intendedTime);
    }
}
