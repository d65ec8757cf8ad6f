package dev.lightcone.bench.soak;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the workers need to know of the server to classify what they see: whether it is up, flooded on purpose, and its
 * generation (how many times it was started), which a kill moves on.
 */
final class ServerState {
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean up;
    private volatile boolean flooded;

    long generation() {
        return generation.get();
    }

    boolean isUp() {
        return up;
    }

    boolean isFlooded() {
        return flooded;
    }

    /** About to kill the server: what breaks from now on is expected. */
    void goingDown() {
        up = false;
        generation.incrementAndGet();
    }

    /** The (re)started server answers. */
    void cameUp() {
        up = true;
    }

    void flooded(boolean on) {
        flooded = on;
    }
}
