package dev.lightcone.executor.host;

import java.time.Duration;

/**
 * Limits that protect the server from hostile or buggy modules.
 *
 * @param callTimeout    how long one reducer, view or procedure step may run before it is stopped
 *                       and its transaction rolled back
 * @param maxMemoryPages the most 64 KiB pages a module's memory may grow to
 */
public record ExecutionLimits(Duration callTimeout, int maxMemoryPages) {
    /** 5 seconds per call and 128 MiB of linear memory. */
    public static final ExecutionLimits DEFAULT = new ExecutionLimits(Duration.ofSeconds(5), 2048);

    public ExecutionLimits {
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive");
        }
        if (maxMemoryPages < 1 || maxMemoryPages > 65536) {
            throw new IllegalArgumentException("maxMemoryPages must be between 1 and 65536");
        }
    }

    public ExecutionLimits withCallTimeout(Duration timeout) {
        return new ExecutionLimits(timeout, maxMemoryPages);
    }

    public ExecutionLimits withMaxMemoryPages(int pages) {
        return new ExecutionLimits(callTimeout, pages);
    }
}
