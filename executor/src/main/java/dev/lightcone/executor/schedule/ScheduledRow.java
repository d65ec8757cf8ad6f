package dev.lightcone.executor.schedule;

/**
 * A pending firing: the row with schedule id {@code scheduleId} in table {@code tableId} is due at
 * {@code dueMicros}. For interval rows {@code intervalMicros} is positive; for one-shot rows it is 0.
 */
public record ScheduledRow(int tableId, long scheduleId, long dueMicros, long intervalMicros) {
    public boolean repeating() {
        return intervalMicros > 0;
    }
}
