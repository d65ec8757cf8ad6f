package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One run of a {@link Pipeline}: the tuple being built and the hash tables built on demand. */
final class Execution {
    private final Fragment fragment;
    private final Pipeline pipeline;
    private final TableReader reader;
    private final List<Row>[] explicit;
    private final TupleSink sink;
    private final Row[] tuple;
    private final Map<ByteKey, List<Row>>[] hashes;
    private boolean stopped;

    @SuppressWarnings("unchecked")
    Execution(Fragment fragment, Pipeline pipeline, TableReader reader, List<Row>[] explicit, TupleSink sink) {
        this.fragment = fragment;
        this.pipeline = pipeline;
        this.reader = reader;
        this.explicit = explicit;
        this.sink = sink;
        int n = fragment.relations.size();
        this.tuple = new Row[n];
        this.hashes = new Map[n];
    }

    void run() {
        int rel = pipeline.order[0];
        Iterable<Row> rows = explicit != null && explicit[rel] != null ? explicit[rel]
                : pipeline.first.read(reader, fragment.relations.get(rel).table());
        place(0, rows);
    }

    private void place(int p, Iterable<Row> rows) {
        int rel = pipeline.order[p];
        RowPredicate[] checks = pipeline.checks[p];
        boolean last = p == pipeline.order.length - 1;
        for (Row row : rows) {
            if (stopped) {
                return;
            }
            tuple[rel] = row;
            if (!passes(checks)) {
                continue;
            }
            if (last) {
                if (!sink.accept(tuple)) {
                    stopped = true;
                }
            } else {
                place(p + 1, candidates(p + 1));
            }
        }
    }

    private boolean passes(RowPredicate[] checks) {
        for (RowPredicate c : checks) {
            if (!c.test(tuple)) {
                return false;
            }
        }
        return true;
    }

    private Iterable<Row> candidates(int p) {
        int rel = pipeline.order[p];
        JoinStep step = pipeline.steps[p];
        boolean listed = explicit != null && explicit[rel] != null;
        if (step == null) {
            return listed ? explicit[rel] : reader.scan(fragment.relations.get(rel).table());
        }
        if (!listed && step.index() != null) {
            return reader.seek(fragment.relations.get(rel).table(), step.index(), step.probe().copy(tuple));
        }
        Map<ByteKey, List<Row>> hash = hashes[rel];
        if (hash == null) {
            hash = new HashMap<>();
            Iterable<Row> all = listed ? explicit[rel] : reader.scan(fragment.relations.get(rel).table());
            for (Row r : all) {
                hash.computeIfAbsent(new ByteKey(step.key().copy(r)), k -> new ArrayList<>(1)).add(r);
            }
            hashes[rel] = hash;
        }
        return hash.getOrDefault(new ByteKey(step.probe().copy(tuple)), List.of());
    }
}
