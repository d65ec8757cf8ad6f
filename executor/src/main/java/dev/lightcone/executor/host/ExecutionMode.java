package dev.lightcone.executor.host;

/** How module code runs: compiled to JVM bytecode (production) or interpreted (debugging, tests). */
public enum ExecutionMode {
    COMPILED,
    INTERPRETED
}
