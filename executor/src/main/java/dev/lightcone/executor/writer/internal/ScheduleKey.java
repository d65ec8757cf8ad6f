package dev.lightcone.executor.writer.internal;

/** One firing of a schedule row: applying the same key twice runs it once. */
public record ScheduleKey(int tableId, long scheduleId, long intendedMicros) {
}
