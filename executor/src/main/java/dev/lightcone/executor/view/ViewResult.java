package dev.lightcone.executor.view;

import java.util.List;

/** What one call of a function view returned. */
public sealed interface ViewResult {

    /** Rows of the view's row type (BSATN), without the hidden sender column. */
    record Rows(List<byte[]> rows) implements ViewResult {
        public Rows {
            rows = List.copyOf(rows);
        }
    }

    /** A query-builder view's SQL, to be maintained like a subscription. */
    record Query(String sql) implements ViewResult {
    }
}
