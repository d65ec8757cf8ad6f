package dev.lightcone.gateway.node;

import dev.lightcone.executor.ProcedureOutcome;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.EncodedMessage;
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
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.materializer.runtime.SessionUpdate;
import dev.lightcone.materializer.runtime.SharedEncodings;
import dev.lightcone.materializer.subscription.QueryDelta;
import dev.lightcone.materializer.subscription.QuerySetDelta;
import dev.lightcone.materializer.subscription.TableDelta;
import dev.lightcone.materializer.subscription.TableRows;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the materializer's updates into protocol messages. A transaction's update is encoded for many clients at
 * once: the tables of a query set (everything after its id: table names, each query's rows) are encoded once per
 * transaction for every query set made of the same queries, and each client's message is a few bytes of its own
 * (the message tag, its query set ids) followed by those shared bytes ({@link EncodedMessage}); clients whose query
 * set ids agree too get the very same message.
 */
final class WireMessages {
    private WireMessages() {
    }

    /** {@code u}'s protocol message, encoded: the same bytes as {@code V2Messages.encode(toWire(u))}. */
    static EncodedMessage encode(SessionUpdate u) {
        if (u instanceof SessionUpdate.TransactionDelta d) {
            return d.shared().sameAsLast(d.querySets(), WireMessages::sameShape, () -> {
                BsatnWriter head = new BsatnWriter(16).writeU8(V2Messages.TRANSACTION_UPDATE_TAG);
                return EncodedMessage.ofPieces(querySetPieces(head, d.querySets(), d.shared()));
            });
        }
        if (u instanceof SessionUpdate.ReducerReply r && r.outcome() instanceof TxOutcome.Committed) {
            BsatnWriter head = new BsatnWriter(32).writeU8(V2Messages.REDUCER_RESULT_TAG).writeU32(r.requestId())
                    .writeU64(r.timestamp().micros()).writeU8(V2Messages.REDUCER_OK_TAG).writeBytes(new byte[0]);
            return EncodedMessage.ofPieces(querySetPieces(head, r.querySets(), r.shared()));
        }
        return EncodedMessage.of(toWire(u));
    }

    /**
     * The pieces of a message that ends with a {@code TransactionUpdate}: {@code head} (what comes before it), then
     * the number of query sets and, for each, its id (written for this client) and its tables (shared).
     */
    private static List<byte[]> querySetPieces(BsatnWriter head, List<QuerySetDelta> sets, SharedEncodings shared) {
        List<byte[]> pieces = new ArrayList<>(2 * sets.size() + 1);
        head.writeU32(sets.size());
        for (QuerySetDelta qs : sets) {
            head.writeU32(qs.querySetId());
            pieces.add(head.toByteArray());
            head.reset();
            pieces.add(tables(qs, shared));
        }
        if (head.size() > 0) {
            pieces.add(head.toByteArray());
        }
        return pieces;
    }

    /**
     * What identifies a query set's encoded tables within one transaction: its queries, table by table (the rows
     * of a query are the same for every set holding it, and the table of a query is fixed).
     */
    private record TablesKey(long[] queryIds, int[] queriesPerTable) {
        static TablesKey of(QuerySetDelta qs) {
            int n = 0;
            for (TableDelta t : qs.tables()) {
                n += t.updates().size();
            }
            long[] ids = new long[n];
            int[] perTable = new int[qs.tables().size()];
            int at = 0;
            for (int t = 0; t < perTable.length; t++) {
                List<QueryDelta> queries = qs.tables().get(t).updates();
                perTable[t] = queries.size();
                for (QueryDelta q : queries) {
                    ids[at++] = q.queryId();
                }
            }
            return new TablesKey(ids, perTable);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TablesKey k && Arrays.equals(queryIds, k.queryIds)
                    && Arrays.equals(queriesPerTable, k.queriesPerTable);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(queryIds) + Arrays.hashCode(queriesPerTable);
        }
    }

    /** The BSATN of a query set's tables, made once per transaction for every set made of the same queries. */
    private static byte[] tables(QuerySetDelta qs, SharedEncodings shared) {
        // The materializer gives sets of the same queries the same list: usually found by reference alone.
        return shared.sharedByReference(qs.tables(), () -> shared.shared(TablesKey.of(qs), () -> {
            BsatnWriter w = new BsatnWriter(256);
            V2Messages.writeQuerySetTables(w, tableUpdates(qs, shared));
            return w.toByteArray();
        }));
    }

    /** {@code u}'s protocol message, as a value (what {@link #encode} encodes, less the sharing). */
    static ServerMessage toWire(SessionUpdate u) {
        if (u instanceof SessionUpdate.TransactionDelta d) {
            return new TransactionUpdate(querySets(d.querySets(), d.shared()));
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
    private static boolean sameShape(List<QuerySetDelta> a,
            List<QuerySetDelta> b) {
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

    private static List<QuerySetUpdate> querySets(List<QuerySetDelta> sets, SharedEncodings shared) {
        List<QuerySetUpdate> out = new ArrayList<>(sets.size());
        for (QuerySetDelta qs : sets) {
            out.add(new QuerySetUpdate(new QuerySetId(qs.querySetId()), tableUpdates(qs, shared)));
        }
        return out;
    }

    /** A query set's tables; each query's rows are made once per transaction and shared. */
    private static List<TableUpdate> tableUpdates(QuerySetDelta qs, SharedEncodings shared) {
        List<TableUpdate> tables = new ArrayList<>(qs.tables().size());
        for (TableDelta t : qs.tables()) {
            List<TableUpdateRows> rows = new ArrayList<>(t.updates().size());
            for (QueryDelta q : t.updates()) {
                rows.add(shared.computeIfAbsent(q.queryId(), () -> q.isEvent()
                        ? new TableUpdateRows.EventTable(rows(q.inserts()))
                        : new TableUpdateRows.PersistentTable(rows(q.inserts()), rows(q.deletes()))));
            }
            tables.add(new TableUpdate(t.tableName(), rows));
        }
        return tables;
    }
}
