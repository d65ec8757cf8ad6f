package dev.lightcone.gateway.node;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.QueryRows;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.QuerySetUpdate;
import dev.lightcone.gateway.protocol.SingleTableRows;
import dev.lightcone.gateway.protocol.TableUpdate;
import dev.lightcone.gateway.protocol.TableUpdateRows;
import dev.lightcone.materializer.subscription.ClientUpdate;
import dev.lightcone.materializer.subscription.QueryUpdate;
import dev.lightcone.materializer.subscription.TableRows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the materializer's results into wire messages. One instance per transaction: each distinct
 * query's update is encoded once and shared by every client that subscribed to it.
 */
final class WireRows {
    private final Map<Long, TableUpdateRows> encoded = new HashMap<>();

    static BsatnRowList rows(List<Row> rows) {
        List<byte[]> bytes = new ArrayList<>(rows.size());
        for (Row r : rows) {
            bytes.add(r.bytes());
        }
        return BsatnRowList.of(bytes);
    }

    static QueryRows queryRows(dev.lightcone.materializer.subscription.QueryRows rows) {
        List<SingleTableRows> tables = new ArrayList<>(rows.tables().size());
        for (TableRows t : rows.tables()) {
            tables.add(new SingleTableRows(t.table(), rows(t.rows())));
        }
        return new QueryRows(tables);
    }

    List<QuerySetUpdate> querySets(ClientUpdate update) {
        List<QuerySetUpdate> sets = new ArrayList<>(update.querySets().size());
        for (var qs : update.querySets()) {
            List<TableUpdate> tables = new ArrayList<>(qs.tables().size());
            for (var t : qs.tables()) {
                List<TableUpdateRows> rows = new ArrayList<>(t.updates().size());
                for (QueryUpdate q : t.updates()) {
                    rows.add(encoded.computeIfAbsent(q.queryId(), id -> q.isEvent()
                            ? new TableUpdateRows.EventTable(rows(q.inserts()))
                            : new TableUpdateRows.PersistentTable(rows(q.inserts()), rows(q.deletes()))));
                }
                tables.add(new TableUpdate(t.tableName(), rows));
            }
            sets.add(new QuerySetUpdate(new QuerySetId(qs.querySetId()), tables));
        }
        return sets;
    }
}
