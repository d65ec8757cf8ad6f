package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.snapshot.SnapshotStore;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Table;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes snapshots: the image is captured on the writer thread (row references only, so it is
 * consistent with one offset) and encoded and written on a background thread.
 */
final class Snapshots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final int KEEP = 3;

    private final SnapshotStore store;
    private final String name;
    private final int every;
    private final ExecutorService background;
    private long sinceLast;

    /** @param every take a snapshot after this many records (0: only after publishes) */
    Snapshots(SnapshotStore store, String name, int every) {
        this.store = store;
        this.name = name;
        this.every = every;
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lightcone-snapshot-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Counts one applied record and snapshots if one is due (or {@code force}, after a publish). */
    void afterRecord(WriterState state, boolean force) {
        if (force || (every > 0 && ++sinceLast >= every)) {
            take(state);
        }
    }

    private void take(WriterState state) {
        sinceLast = 0;
        ModuleHost host = state.host();
        if (store == null || host == null || state.moduleBlob().isEmpty()) {
            return;
        }
        Map<Integer, Row[]> tables = new TreeMap<>();
        for (Table t : host.datastore().tables()) {
            tables.put(t.id(), t.rows().toArray(new Row[0]));
        }
        SnapshotCodec.Image image = new SnapshotCodec.Image(state.applied(), state.moduleBlob(), host.owner(), tables,
                SequenceTracker.positions(host), state.firings().copy(), state.writes().copy(), state.connections().copy());
        background.execute(() -> {
            try {
                store.write(SnapshotCodec.encode(image));
                store.prune(KEEP);
            } catch (RuntimeException e) {
                LOG.error("snapshot of database {} at offset {} failed", name, image.offset(), e);
            }
        });
    }

    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
