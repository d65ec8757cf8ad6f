package dev.lightcone.executor.log;

/**
 * One line of a database's log: from the module ({@code console_log}) or from the host.
 *
 * @param level          severity
 * @param timestampMicros wall-clock time the line was written, µs since the epoch
 * @param target         the module's log target, or null
 * @param filename       source file, or null
 * @param line           source line, or -1 when unknown
 * @param function       the reducer or other function running, or null
 * @param message        the text
 */
public record ModuleLogRecord(LogLevel level, long timestampMicros, String target, String filename, int line,
        String function, String message) {

    /** The target, filename and function the host uses for its own lines. */
    public static final String SYSTEM = "__spacetimedb__";

    /** A line written by the host itself. */
    public static ModuleLogRecord system(LogLevel level, long timestampMicros, String message) {
        return new ModuleLogRecord(level, timestampMicros, SYSTEM, SYSTEM, -1, SYSTEM, message);
    }
}
