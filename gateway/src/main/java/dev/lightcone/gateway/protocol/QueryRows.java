package dev.lightcone.gateway.protocol;

import java.util.List;

/** Rows grouped by table, as {@code SubscribeApplied}, {@code UnsubscribeApplied} and one-off queries carry them. */
public record QueryRows(List<SingleTableRows> tables) {
    /** Copies the list. */
    public QueryRows {
        tables = List.copyOf(tables);
    }

    /** No tables at all. */
    public static QueryRows empty() {
        return new QueryRows(List.of());
    }
}
