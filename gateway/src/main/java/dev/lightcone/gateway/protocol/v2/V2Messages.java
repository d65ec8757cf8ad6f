package dev.lightcone.gateway.protocol.v2;

import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.CallFlags;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.DecodeError;
import dev.lightcone.gateway.protocol.ProcedureStatus;
import dev.lightcone.gateway.protocol.ProtocolDecodeException;
import dev.lightcone.gateway.protocol.QueryOutcome;
import dev.lightcone.gateway.protocol.QueryRows;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.QuerySetUpdate;
import dev.lightcone.gateway.protocol.ReducerOk;
import dev.lightcone.gateway.protocol.ReducerOutcome;
import dev.lightcone.gateway.protocol.RowSizeHint;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.SingleTableRows;
import dev.lightcone.gateway.protocol.TableUpdate;
import dev.lightcone.gateway.protocol.TableUpdateRows;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.UnsubscribeFlags;
import dev.lightcone.gateway.protocol.WireReader;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * BSATN of single v2 messages, in both directions (client-protocol §6). Writers append to a {@link BsatnWriter};
 * readers consume exactly one message from a {@link WireReader} and leave it positioned after it.
 */
public final class V2Messages {
    private static final int CLIENT_TAGS = 5;
    private static final int SERVER_TAGS = 8;
    /** The server message tag of {@code TransactionUpdate}. */
    public static final int TRANSACTION_UPDATE_TAG = 4;
    /** The server message tag of {@code ReducerResult}. */
    public static final int REDUCER_RESULT_TAG = 6;
    /** The tag of {@code ReducerOutcome::Ok}. */
    public static final int REDUCER_OK_TAG = 0;

    private V2Messages() {
    }

    // ---------------------------------------------------------------- client messages

    /** Appends the BSATN of a client message. */
    public static void write(BsatnWriter w, ClientMessage m) {
        if (m instanceof ClientMessage.Subscribe s) {
            w.writeU8(0).writeU32(s.requestId()).writeU32(s.querySetId().id()).writeU32(s.queryStrings().size());
            for (String q : s.queryStrings()) {
                w.writeString(q);
            }
        } else if (m instanceof ClientMessage.Unsubscribe u) {
            w.writeU8(1).writeU32(u.requestId()).writeU32(u.querySetId().id()).writeU8(u.flags().tag());
        } else if (m instanceof ClientMessage.OneOffQuery q) {
            w.writeU8(2).writeU32(q.requestId()).writeString(q.queryString());
        } else if (m instanceof ClientMessage.CallReducer c) {
            w.writeU8(3).writeU32(c.requestId()).writeU8(c.flags().value()).writeString(c.reducer()).writeBytes(c.args());
        } else if (m instanceof ClientMessage.CallProcedure c) {
            w.writeU8(4).writeU32(c.requestId()).writeU8(c.flags().value()).writeString(c.procedure())
                    .writeBytes(c.args());
        } else {
            throw new IllegalArgumentException("unknown client message " + m);
        }
    }

    /** The BSATN of one client message. */
    public static byte[] encode(ClientMessage m) {
        BsatnWriter w = new BsatnWriter();
        write(w, m);
        return w.toByteArray();
    }

    /** Reads one client message. */
    public static ClientMessage readClientMessage(WireReader r) {
        int tag = r.tag("client message", CLIENT_TAGS);
        switch (tag) {
            case 0: {
                int requestId = r.u32("request_id");
                QuerySetId qs = new QuerySetId(r.u32("query_set_id"));
                int n = r.count("query_strings", 4);
                List<String> queries = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    queries.add(r.string("query string"));
                }
                return new ClientMessage.Subscribe(requestId, qs, queries);
            }
            case 1: {
                int requestId = r.u32("request_id");
                QuerySetId qs = new QuerySetId(r.u32("query_set_id"));
                UnsubscribeFlags flags = UnsubscribeFlags.values()[r.tag("UnsubscribeFlags", 2)];
                return new ClientMessage.Unsubscribe(requestId, qs, flags);
            }
            case 2:
                return new ClientMessage.OneOffQuery(r.u32("request_id"), r.string("query_string"));
            case 3: {
                int requestId = r.u32("request_id");
                CallFlags flags = callFlags(r, "CallReducer");
                return new ClientMessage.CallReducer(requestId, flags, r.string("reducer"), r.bytes("args"));
            }
            default: {
                int requestId = r.u32("request_id");
                CallFlags flags = callFlags(r, "CallProcedure");
                return new ClientMessage.CallProcedure(requestId, flags, r.string("procedure"), r.bytes("args"));
            }
        }
    }

    private static CallFlags callFlags(WireReader r, String message) {
        int at = r.position();
        int flags = r.u8(message + ".flags");
        if (flags != CallFlags.DEFAULT.value()) {
            throw new ProtocolDecodeException(DecodeError.INVALID_FLAGS, at,
                    message + ".flags must be 0, got " + flags);
        }
        return CallFlags.DEFAULT;
    }

    /** Decodes a buffer holding exactly one client message. */
    public static ClientMessage decodeClientMessage(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        ClientMessage m = readClientMessage(r);
        r.expectEnd("the client message");
        return m;
    }

    // ---------------------------------------------------------------- server messages

    /** Appends the BSATN of a server message. */
    public static void write(BsatnWriter w, ServerMessage m) {
        if (m instanceof ServerMessage.InitialConnection c) {
            w.writeU8(0).writeRaw(c.identity().toLittleEndian()).writeRaw(c.connectionId().toLittleEndian())
                    .writeString(c.token());
        } else if (m instanceof ServerMessage.SubscribeApplied s) {
            w.writeU8(1).writeU32(s.requestId()).writeU32(s.querySetId().id());
            writeQueryRows(w, s.rows());
        } else if (m instanceof ServerMessage.UnsubscribeApplied u) {
            w.writeU8(2).writeU32(u.requestId()).writeU32(u.querySetId().id());
            if (u.rows().isPresent()) {
                w.writeU8(0);
                writeQueryRows(w, u.rows().get());
            } else {
                w.writeU8(1);
            }
        } else if (m instanceof ServerMessage.SubscriptionError e) {
            w.writeU8(3);
            if (e.requestId().isPresent()) {
                w.writeU8(0).writeU32(e.requestId().getAsInt());
            } else {
                w.writeU8(1);
            }
            w.writeU32(e.querySetId().id()).writeString(e.error());
        } else if (m instanceof TransactionUpdate t) {
            w.writeU8(4);
            writeTransactionUpdate(w, t);
        } else if (m instanceof ServerMessage.OneOffQueryResult q) {
            w.writeU8(5).writeU32(q.requestId());
            if (q.result() instanceof QueryOutcome.Ok ok) {
                w.writeU8(0);
                writeQueryRows(w, ok.rows());
            } else {
                w.writeU8(1).writeString(((QueryOutcome.Err) q.result()).message());
            }
        } else if (m instanceof ServerMessage.ReducerResult r) {
            w.writeU8(6).writeU32(r.requestId()).writeU64(r.timestamp().micros());
            writeReducerOutcome(w, r.result());
        } else if (m instanceof ServerMessage.ProcedureResult p) {
            w.writeU8(7);
            if (p.status() instanceof ProcedureStatus.Returned ret) {
                w.writeU8(0).writeBytes(ret.value());
            } else {
                w.writeU8(1).writeString(((ProcedureStatus.InternalError) p.status()).message());
            }
            w.writeU64(p.timestamp().micros()).writeU64(p.totalHostExecutionDuration().micros())
                    .writeU32(p.requestId());
        } else {
            throw new IllegalArgumentException("unknown server message " + m);
        }
    }

    /** The BSATN of one server message (no compression tag). */
    public static byte[] encode(ServerMessage m) {
        BsatnWriter w = new BsatnWriter();
        write(w, m);
        return w.toByteArray();
    }

    private static void writeReducerOutcome(BsatnWriter w, ReducerOutcome o) {
        if (o instanceof ReducerOutcome.Ok ok) {
            w.writeU8(0).writeBytes(ok.ok().retValue());
            writeTransactionUpdate(w, ok.ok().transactionUpdate());
        } else if (o instanceof ReducerOutcome.OkEmpty) {
            w.writeU8(1);
        } else if (o instanceof ReducerOutcome.Err err) {
            w.writeU8(2).writeBytes(err.error());
        } else {
            w.writeU8(3).writeString(((ReducerOutcome.InternalError) o).message());
        }
    }

    /** Appends a {@code BsatnRowList}. */
    public static void writeRowList(BsatnWriter w, BsatnRowList rows) {
        if (rows.sizeHint() instanceof RowSizeHint.FixedSize f) {
            w.writeU8(0).writeU16(f.rowSize());
        } else {
            RowSizeHint.RowOffsets r = (RowSizeHint.RowOffsets) rows.sizeHint();
            int n = rows.rowCount();
            w.writeU8(1).writeU32(n);
            for (int i = 0; i < n; i++) {
                w.writeU64(r.offset(i));
            }
        }
        w.writeBytes(rows.rowsData());
    }

    private static void writeQueryRows(BsatnWriter w, QueryRows rows) {
        w.writeU32(rows.tables().size());
        for (SingleTableRows t : rows.tables()) {
            w.writeString(t.table());
            writeRowList(w, t.rows());
        }
    }

    private static void writeTransactionUpdate(BsatnWriter w, TransactionUpdate t) {
        w.writeU32(t.querySets().size());
        for (QuerySetUpdate qs : t.querySets()) {
            w.writeU32(qs.querySetId().id());
            writeQuerySetTables(w, qs.tables());
        }
    }

    /**
     * Appends the {@code tables} field of a {@code QuerySetUpdate} (everything after its query set id): the part of
     * a {@code TransactionUpdate} that clients subscribed to the same queries share, whatever their set ids.
     */
    public static void writeQuerySetTables(BsatnWriter w, List<TableUpdate> tables) {
        w.writeU32(tables.size());
        for (TableUpdate tu : tables) {
            w.writeString(tu.tableName()).writeU32(tu.rows().size());
            for (TableUpdateRows rows : tu.rows()) {
                if (rows instanceof TableUpdateRows.PersistentTable p) {
                    w.writeU8(0);
                    writeRowList(w, p.inserts());
                    writeRowList(w, p.deletes());
                } else {
                    w.writeU8(1);
                    writeRowList(w, ((TableUpdateRows.EventTable) rows).events());
                }
            }
        }
    }

    /** Reads one server message. */
    public static ServerMessage readServerMessage(WireReader r) {
        int tag = r.tag("server message", SERVER_TAGS);
        switch (tag) {
            case 0:
                return new ServerMessage.InitialConnection(r.identity("identity"), r.connectionId("connection_id"),
                        r.string("token"));
            case 1:
                return new ServerMessage.SubscribeApplied(r.u32("request_id"), new QuerySetId(r.u32("query_set_id")),
                        readQueryRows(r));
            case 2: {
                int requestId = r.u32("request_id");
                QuerySetId qs = new QuerySetId(r.u32("query_set_id"));
                Optional<QueryRows> rows = r.tag("Option<QueryRows>", 2) == 0 ? Optional.of(readQueryRows(r))
                        : Optional.empty();
                return new ServerMessage.UnsubscribeApplied(requestId, qs, rows);
            }
            case 3: {
                OptionalInt requestId = r.tag("Option<u32>", 2) == 0 ? OptionalInt.of(r.u32("request_id"))
                        : OptionalInt.empty();
                return new ServerMessage.SubscriptionError(requestId, new QuerySetId(r.u32("query_set_id")),
                        r.string("error"));
            }
            case 4:
                return readTransactionUpdate(r);
            case 5: {
                int requestId = r.u32("request_id");
                QueryOutcome result = r.tag("Result<QueryRows, string>", 2) == 0
                        ? new QueryOutcome.Ok(readQueryRows(r))
                        : new QueryOutcome.Err(r.string("error"));
                return new ServerMessage.OneOffQueryResult(requestId, result);
            }
            case 6:
                return new ServerMessage.ReducerResult(r.u32("request_id"), new Timestamp(r.u64("timestamp")),
                        readReducerOutcome(r));
            default: {
                ProcedureStatus status = r.tag("ProcedureStatus", 2) == 0
                        ? new ProcedureStatus.Returned(r.bytes("return value"))
                        : new ProcedureStatus.InternalError(r.string("error"));
                return new ServerMessage.ProcedureResult(status, new Timestamp(r.u64("timestamp")),
                        new TimeDuration(r.u64("total_host_execution_duration")), r.u32("request_id"));
            }
        }
    }

    /** Decodes a buffer holding exactly one server message (no compression tag). */
    public static ServerMessage decodeServerMessage(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        ServerMessage m = readServerMessage(r);
        r.expectEnd("the server message");
        return m;
    }

    private static ReducerOutcome readReducerOutcome(WireReader r) {
        switch (r.tag("ReducerOutcome", 4)) {
            case 0:
                return new ReducerOutcome.Ok(new ReducerOk(r.bytes("ret_value"), readTransactionUpdate(r)));
            case 1:
                return new ReducerOutcome.OkEmpty();
            case 2:
                return new ReducerOutcome.Err(r.bytes("error"));
            default:
                return new ReducerOutcome.InternalError(r.string("error"));
        }
    }

    /** Reads a {@code BsatnRowList}, checking that its size hint describes its data. */
    public static BsatnRowList readRowList(WireReader r) {
        int at = r.position();
        RowSizeHint hint;
        if (r.tag("RowSizeHint", 2) == 0) {
            int size = r.u16("fixed row size");
            if (size == 0) {
                throw new ProtocolDecodeException(DecodeError.INVALID_ROW_LIST, at, "fixed row size 0");
            }
            hint = new RowSizeHint.FixedSize(size);
        } else {
            int n = r.count("row offsets", 8);
            long[] offsets = new long[n];
            for (int i = 0; i < n; i++) {
                offsets[i] = r.u64("row offset");
            }
            hint = new RowSizeHint.RowOffsets(offsets);
        }
        byte[] data = r.bytes("rows_data");
        String problem = BsatnRowList.check(hint, data.length);
        if (problem != null) {
            throw new ProtocolDecodeException(DecodeError.INVALID_ROW_LIST, at, problem);
        }
        return BsatnRowList.wrap(hint, data);
    }

    private static QueryRows readQueryRows(WireReader r) {
        int n = r.count("QueryRows.tables", 9);
        List<SingleTableRows> tables = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tables.add(new SingleTableRows(r.string("table"), readRowList(r)));
        }
        return new QueryRows(tables);
    }

    private static TransactionUpdate readTransactionUpdate(WireReader r) {
        int n = r.count("query_sets", 8);
        List<QuerySetUpdate> sets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            QuerySetId id = new QuerySetId(r.u32("query_set_id"));
            int tn = r.count("tables", 8);
            List<TableUpdate> tables = new ArrayList<>(tn);
            for (int j = 0; j < tn; j++) {
                String name = r.string("table_name");
                int rn = r.count("rows", 8);
                List<TableUpdateRows> rows = new ArrayList<>(rn);
                for (int k = 0; k < rn; k++) {
                    if (r.tag("TableUpdateRows", 2) == 0) {
                        rows.add(new TableUpdateRows.PersistentTable(readRowList(r), readRowList(r)));
                    } else {
                        rows.add(new TableUpdateRows.EventTable(readRowList(r)));
                    }
                }
                tables.add(new TableUpdate(name, rows));
            }
            sets.add(new QuerySetUpdate(id, tables));
        }
        return new TransactionUpdate(sets);
    }
}
