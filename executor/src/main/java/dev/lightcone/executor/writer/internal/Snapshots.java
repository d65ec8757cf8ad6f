package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.snapshot.SnapshotStore;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Table;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes snapshots: the image is captured on the writer thread (row references, or rows packed in a tree copied leaf
 * by leaf: {@link dev.lightcone.executor.datastore.Table#detachedRows}), so it is consistent with one offset, and
 * encoded and written on a background thread.
 *
 * <p>A snapshot costs time in proportion to the rows it holds (capture on the writer, then encoding,
 * writing and garbage). So one is due after {@code every} records <em>and</em> at least as many records
 * as the last one held rows: the cost per record stays constant however large the database grows, and
 * a restart re-applies at most {@code max(every, rows)} records from the effect log (a fraction of a
 * second at its replay rate; see docs/benchmarks.md).
 */
final class Snapshots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final int KEEP = 3;

    private final SnapshotStore store;
    private final String name;
    private final int every;
    private final ExecutorService background;
    private long sinceLast;
    /** How many rows the last snapshot held: the fewest records before the next one is due. */
    private long rowsAtLast;

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
        if (force || (every > 0 && ++sinceLast >= Math.max(every, rowsAtLast))) {
            take(state);
        }
    }

    private void take(WriterState state) {
        sinceLast = 0;
        ModuleHost host = state.host();
        if (store == null || host == null || state.moduleBlob().isEmpty()) {
            return;
        }
        Map<Integer, List<Row>> tables = new TreeMap<>();
        long rows = 0;
        for (Table t : host.datastore().tables()) {
            List<Row> held = t.detachedRows();
            tables.put(t.id(), held);
            rows += held.size();
        }
        rowsAtLast = rows;
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
