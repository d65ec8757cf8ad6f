package dev.lightcone.executor.writer.internal;

import dev.lightcone.executor.ModuleHost;
import java.util.Optional;

/**
 * What the writer knows besides the tables: the loaded module, the last applied offset, sequence
 * positions, schedule firings and write watermarks. Written only on the writer thread; {@link #host()}
 * and {@link #applied()} may be read from any thread.
 */
public final class WriterState {
    /** The loaded module, if any; kept as an Optional so that asking for it (once per transaction) makes nothing. */
    private volatile Optional<ModuleHost> host = Optional.empty();
    private volatile long applied = -1;
    private String moduleBlob = "";
    private final SequenceTracker sequences = new SequenceTracker();
    private final ScheduleFirings firings = new ScheduleFirings();
    private final WriteWatermarks writes = new WriteWatermarks();
    private final ConnectionOwners connections = new ConnectionOwners();

    public ModuleHost host() {
        return host.orElse(null);
    }

    public Optional<ModuleHost> currentHost() {
        return host;
    }

    void setModule(ModuleHost next, String blob) {
        this.host = Optional.ofNullable(next);
        this.moduleBlob = blob;
        sequences.clear();
    }

    /** The blob hash ({@code algorithm:hex}) of the loaded module, empty if it has none stored. */
    String moduleBlob() {
        return moduleBlob;
    }

    public long applied() {
        return applied;
    }

    void setApplied(long offset) {
        this.applied = offset;
    }

    SequenceTracker sequences() {
        return sequences;
    }

    ScheduleFirings firings() {
        return firings;
    }

    WriteWatermarks writes() {
        return writes;
    }

    /** Which node holds each connected client. Read on the writer thread only. */
    public ConnectionOwners connections() {
        return connections;
    }
}
