package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;

/** Receives the tuples a fragment produces; the array is reused, so copy what must be kept. */
@FunctionalInterface
interface TupleSink {
    /** Handles one tuple; returns false to stop the evaluation. */
    boolean accept(Row[] tuple);
}
