package dev.lightcone.sats.moduledef;

/**
 * A schedule table's schedule, named {@code {table}_sched}.
 *
 * @param name             the schedule's name
 * @param tableName        canonical name of the schedule table
 * @param scheduleAtColumn the {@code ScheduleAt} column
 * @param idColumn         the u64 primary-key column (the schedule id)
 * @param functionName     canonical name of the reducer or procedure to call
 * @param isProcedure      true if the target is a procedure
 */
public record ScheduleSchema(String name, String tableName, int scheduleAtColumn, int idColumn,
        String functionName, boolean isProcedure) {
}
