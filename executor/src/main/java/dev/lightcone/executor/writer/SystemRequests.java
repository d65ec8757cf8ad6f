package dev.lightcone.executor.writer;

/** Where the writer hands the records the database itself asks for (see {@link SystemRequest}). */
@FunctionalInterface
public interface SystemRequests {
    /** Takes a request; must not block the writer thread for long. */
    void submit(SystemRequest request);

    /** Drops every request: a writer that only replays (time travel, tests) adds nothing to its log. */
    SystemRequests NONE = request -> {
    };
}
