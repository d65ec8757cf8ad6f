package dev.lightcone.gateway.protocol.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.Compression;
import dev.lightcone.gateway.protocol.ProcedureStatus;
import dev.lightcone.gateway.protocol.ProtocolDecodeException;
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
import dev.lightcone.gateway.protocol.UnsubscribeFlags;
import dev.lightcone.gateway.protocol.v3.V3FrameCodec;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.Timestamp;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Every message survives encode → decode in both directions and both framings; random bytes never crash. */
class V2RoundTripProperties {

    @Property(tries = 300)
    void clientMessagesRoundTrip(@ForAll("clientMessages") ClientMessage m) {
        assertEquals(m, V2Messages.decodeClientMessage(V2Messages.encode(m)));
    }

    @Property(tries = 300)
    void serverMessagesRoundTrip(@ForAll("serverMessages") ServerMessage m, @ForAll Compression c) {
        assertEquals(List.of(m), V2FrameCodec.INSTANCE.decodeServerFrame(
                V2FrameCodec.INSTANCE.encodeServerFrame(List.of(m), c)));
    }

    @Property(tries = 100)
    void v3FramesRoundTrip(@ForAll @Size(min = 1, max = 5) List<@net.jqwik.api.From("clientMessages") ClientMessage> cs,
            @ForAll @Size(min = 1, max = 5) List<@net.jqwik.api.From("serverMessages") ServerMessage> ss,
            @ForAll Compression c) {
        V3FrameCodec v3 = V3FrameCodec.INSTANCE;
        assertEquals(cs, v3.decodeClientFrame(v3.encodeClientFrame(cs)));
        assertEquals(ss, v3.decodeServerFrame(v3.encodeServerFrame(ss, c)));
    }

    @Property(tries = 1000)
    void randomBytesDecodeOrFailTyped(@ForAll @Size(max = 64) byte[] bytes) {
        try {
            V3FrameCodec.INSTANCE.decodeClientFrame(bytes);
        } catch (ProtocolDecodeException expected) {
            // typed failure is the only acceptable failure
        }
        try {
            V3FrameCodec.INSTANCE.decodeServerFrame(bytes);
        } catch (ProtocolDecodeException expected) {
            // as above
        }
    }

    @Provide
    Arbitrary<ClientMessage> clientMessages() {
        Arbitrary<Integer> u32 = Arbitraries.integers();
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(20);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(20);
        return Arbitraries.oneOf(
                Combinators.combine(u32, u32, text.list().ofMaxSize(3))
                        .as((r, q, qs) -> new ClientMessage.Subscribe(r, QuerySetId.of(q), qs)),
                Combinators.combine(u32, u32, Arbitraries.of(UnsubscribeFlags.class))
                        .as((r, q, f) -> new ClientMessage.Unsubscribe(r, QuerySetId.of(q), f)),
                Combinators.combine(u32, text).as(ClientMessage.OneOffQuery::new),
                Combinators.combine(u32, text, bytes).as(ClientMessage.CallReducer::of),
                Combinators.combine(u32, text, bytes).as(ClientMessage.CallProcedure::of));
    }

    static Arbitrary<BsatnRowList> rowLists() {
        Arbitrary<byte[]> row = Arbitraries.bytes().array(byte[].class).ofMaxSize(6);
        Arbitrary<byte[]> fixedRow = Arbitraries.bytes().array(byte[].class).ofSize(3);
        return Arbitraries.oneOf(row.list().ofMaxSize(4), fixedRow.list().ofMaxSize(4)).map(BsatnRowList::of);
    }

    static Arbitrary<QueryRows> queryRows() {
        return Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(8), rowLists()).as(SingleTableRows::new)
                .list().ofMaxSize(3).map(QueryRows::new);
    }

    static Arbitrary<TransactionUpdate> transactionUpdates() {
        Arbitrary<TableUpdateRows> rows = Arbitraries.oneOf(
                Combinators.combine(rowLists(), rowLists())
                        .as((i, d) -> (TableUpdateRows) new TableUpdateRows.PersistentTable(i, d)),
                rowLists().map(e -> (TableUpdateRows) new TableUpdateRows.EventTable(e)));
        Arbitrary<TableUpdate> table = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(8),
                rows.list().ofMaxSize(2)).as(TableUpdate::new);
        return Combinators.combine(Arbitraries.integers(), table.list().ofMaxSize(2))
                .as((q, ts) -> new QuerySetUpdate(QuerySetId.of(q), ts)).list().ofMaxSize(3)
                .map(TransactionUpdate::new);
    }

    @Provide
    Arbitrary<ServerMessage> serverMessages() {
        Arbitrary<Integer> u32 = Arbitraries.integers();
        Arbitrary<Long> i64 = Arbitraries.longs();
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(20);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(20);
        Arbitrary<ReducerOutcome> outcome = Arbitraries.oneOf(
                Combinators.combine(bytes, transactionUpdates()).as((b, t) -> new ReducerOutcome.Ok(new ReducerOk(b, t))),
                Arbitraries.just(new ReducerOutcome.OkEmpty()),
                bytes.map(b -> (ReducerOutcome) new ReducerOutcome.Err(b)),
                text.map(m -> (ReducerOutcome) new ReducerOutcome.InternalError(m)));
        Arbitrary<ProcedureStatus> status = Arbitraries.oneOf(
                bytes.map(b -> (ProcedureStatus) new ProcedureStatus.Returned(b)),
                text.map(m -> (ProcedureStatus) new ProcedureStatus.InternalError(m)));
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(32),
                        Arbitraries.bytes().array(byte[].class).ofSize(16), text)
                        .as((i, c, t) -> new ServerMessage.InitialConnection(Identity.fromLittleEndian(i),
                                ConnectionId.fromLittleEndian(c), t)),
                Combinators.combine(u32, u32, queryRows())
                        .as((r, q, rows) -> new ServerMessage.SubscribeApplied(r, QuerySetId.of(q), rows)),
                Combinators.combine(u32, u32, queryRows().optional())
                        .as((r, q, rows) -> new ServerMessage.UnsubscribeApplied(r, QuerySetId.of(q), rows)),
                Combinators.combine(u32.optional(), u32, text).as((r, q, e) -> new ServerMessage.SubscriptionError(
                        r.map(OptionalInt::of).orElse(OptionalInt.empty()), QuerySetId.of(q), e)),
                transactionUpdates().map(t -> (ServerMessage) t),
                Combinators.combine(u32, Arbitraries.oneOf(queryRows().map(r -> (QueryOutcome) new QueryOutcome.Ok(r)),
                        text.map(e -> (QueryOutcome) new QueryOutcome.Err(e)))).as(ServerMessage.OneOffQueryResult::new),
                Combinators.combine(u32, i64, outcome)
                        .as((r, t, o) -> new ServerMessage.ReducerResult(r, new Timestamp(t), o)),
                Combinators.combine(status, i64, i64, u32).as((s, t, d, r) ->
                        new ServerMessage.ProcedureResult(s, new Timestamp(t), new TimeDuration(d), r)));
    }

}
