package dev.lightcone.executor.log;

/** Module log levels, with their {@code console_log} numbers and the names the logs route prints. */
public enum LogLevel {
    ERROR(0, "Error"),
    WARN(1, "Warn"),
    INFO(2, "Info"),
    DEBUG(3, "Debug"),
    TRACE(4, "Trace"),
    PANIC(101, "Panic");

    private final int abiLevel;
    private final String displayName;

    LogLevel(int abiLevel, String displayName) {
        this.abiLevel = abiLevel;
        this.displayName = displayName;
    }

    public int abiLevel() {
        return abiLevel;
    }

    /** The capitalised name used in the logs route's JSON, e.g. {@code Info}. */
    public String displayName() {
        return displayName;
    }

    /** The level for a {@code console_log} level byte; unknown values log at Info. */
    public static LogLevel ofAbi(int level) {
        int l = level & 0xFF;
        for (LogLevel v : values()) {
            if (v.abiLevel == l) {
                return v;
            }
        }
        return INFO;
    }
}
