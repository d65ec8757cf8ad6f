package dev.lightcone.executor.writer;

/** One firing of a schedule row: applying the same key twice runs it once. */
record ScheduleKey(int tableId, long scheduleId, long intendedMicros) {
}
