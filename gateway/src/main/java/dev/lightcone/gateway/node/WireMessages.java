package dev.lightcone.gateway.node;

import dev.lightcone.executor.ProcedureOutcome;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.ProcedureStatus;
import dev.lightcone.gateway.protocol.QueryOutcome;
import dev.lightcone.gateway.protocol.QueryRows;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.QuerySetUpdate;
import dev.lightcone.gateway.protocol.ReducerOk;
import dev.lightcone.gateway.protocol.ReducerOutcome;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.SingleTableRows;
import dev.lightcone.gateway.protocol.TableUpdate;
import dev.lightcone.gateway.protocol.TableUpdateRows;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.materializer.runtime.SessionUpdate;
import dev.lightcone.materializer.runtime.SharedEncodings;
import dev.lightcone.materializer.subscription.QueryDelta;
import dev.lightcone.materializer.subscription.TableRows;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the materializer's updates into protocol messages. A distinct query's rows in one transaction
 * become one {@link TableUpdateRows}, made once and shared by every client subscribed to that query.
 */
final class WireMessages {
    private WireMessages() {
    }

    static ServerMessage toWire(SessionUpdate u) {
        if (u instanceof SessionUpdate.TransactionDelta d) {
            // Clients whose query sets have the same ids and queries get the very same message.
            return d.shared().sameAsLast(d.querySets(), WireMessages::sameShape,
                    () -> new TransactionUpdate(querySets(d.querySets(), d.shared())));
        }
        if (u instanceof SessionUpdate.ReducerReply r) {
            return new ServerMessage.ReducerResult(r.requestId(), r.timestamp(), reducerOutcome(r));
        }
        if (u instanceof SessionUpdate.SubscribeApplied s) {
            return new ServerMessage.SubscribeApplied(s.requestId(), new QuerySetId(s.querySetId()), queryRows(s.rows()));
        }
        if (u instanceof SessionUpdate.UnsubscribeApplied s) {
            return new ServerMessage.UnsubscribeApplied(s.requestId(), new QuerySetId(s.querySetId()),
                    s.rows().map(WireMessages::queryRows));
        }
        if (u instanceof SessionUpdate.SubscriptionFailed f) {
            return new ServerMessage.SubscriptionError(f.requestId(), new QuerySetId(f.querySetId()), f.error());
        }
        if (u instanceof SessionUpdate.OneOffResult o) {
            QueryOutcome result = o.error().<QueryOutcome>map(QueryOutcome.Err::new).orElseGet(() -> new QueryOutcome.Ok(
                    new QueryRows(List.of(new SingleTableRows(o.tableName(), BsatnRowList.of(o.rows()))))));
            return new ServerMessage.OneOffQueryResult(o.requestId(), result);
        }
        SessionUpdate.ProcedureReply p = (SessionUpdate.ProcedureReply) u;
        ProcedureStatus status = p.outcome() instanceof ProcedureOutcome.Returned ret
                ? new ProcedureStatus.Returned(ret.value())
                : new ProcedureStatus.InternalError(((ProcedureOutcome.InternalError) p.outcome()).message());
        return new ServerMessage.ProcedureResult(status, p.timestamp(), new TimeDuration(p.durationMicros()), p.requestId());
    }

    /** True if two clients' updates have the same query set ids and the same queries, in the same order. */
    private static boolean sameShape(List<dev.lightcone.materializer.subscription.QuerySetDelta> a,
            List<dev.lightcone.materializer.subscription.QuerySetDelta> b) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            var x = a.get(i);
            var y = b.get(i);
            if (x.querySetId() != y.querySetId() || x.tables().size() != y.tables().size()) {
                return false;
            }
            for (int t = 0; t < x.tables().size(); t++) {
                List<QueryDelta> qx = x.tables().get(t).updates();
                List<QueryDelta> qy = y.tables().get(t).updates();
                if (qx.size() != qy.size()) {
                    return false;
                }
                for (int q = 0; q < qx.size(); q++) {
                    if (qx.get(q).queryId() != qy.get(q).queryId()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static ReducerOutcome reducerOutcome(SessionUpdate.ReducerReply r) {
        dev.lightcone.executor.TxOutcome o = r.outcome();
        if (o instanceof dev.lightcone.executor.TxOutcome.Committed) {
            return new ReducerOutcome.Ok(new ReducerOk(new byte[0],
                    new TransactionUpdate(querySets(r.querySets(), r.shared()))));
        }
        if (o instanceof dev.lightcone.executor.TxOutcome.Failed f) {
            return new ReducerOutcome.Err(new BsatnWriter().writeString(f.message()).toByteArray());
        }
        return new ReducerOutcome.InternalError(((dev.lightcone.executor.TxOutcome.InternalError) o).message());
    }

    private static BsatnRowList rows(List<Row> rows) {
        List<byte[]> bytes = new ArrayList<>(rows.size());
        for (Row r : rows) {
            bytes.add(r.bytes());
        }
        return BsatnRowList.of(bytes);
    }

    private static QueryRows queryRows(dev.lightcone.materializer.subscription.QuerySetRows rows) {
        List<SingleTableRows> tables = new ArrayList<>(rows.tables().size());
        for (TableRows t : rows.tables()) {
            tables.add(new SingleTableRows(t.table(), rows(t.rows())));
        }
        return new QueryRows(tables);
    }

    private static List<QuerySetUpdate> querySets(List<dev.lightcone.materializer.subscription.QuerySetDelta> sets,
            SharedEncodings shared) {
        List<QuerySetUpdate> out = new ArrayList<>(sets.size());
        for (var qs : sets) {
            List<TableUpdate> tables = new ArrayList<>(qs.tables().size());
            for (var t : qs.tables()) {
                List<TableUpdateRows> rows = new ArrayList<>(t.updates().size());
                for (QueryDelta q : t.updates()) {
                    rows.add(shared.computeIfAbsent(q.queryId(), () -> q.isEvent()
                            ? new TableUpdateRows.EventTable(rows(q.inserts()))
                            : new TableUpdateRows.PersistentTable(rows(q.inserts()), rows(q.deletes()))));
                }
                tables.add(new TableUpdate(t.tableName(), rows));
            }
            out.add(new QuerySetUpdate(new QuerySetId(qs.querySetId()), tables));
        }
        return out;
    }
}
