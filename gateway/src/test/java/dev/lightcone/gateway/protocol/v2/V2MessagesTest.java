package dev.lightcone.gateway.protocol.v2;

import static dev.lightcone.gateway.protocol.WireBytes.hexOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.Compression;
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
import dev.lightcone.gateway.protocol.WireBytes;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Byte-exact v2 layouts: every example of client-protocol §6 and ts-sdk §6, plus malformed input. */
class V2MessagesTest {

    static final Identity IDENTITY = Identity.fromHex("c200" + "00".repeat(29) + "42");
    static final ConnectionId CONNECTION = ConnectionId.fromHex("07".repeat(16));

    /** A {@code person(id u64, name string)} row as BSATN. */
    static byte[] personRow(long id, String name) {
        return WireBytes.start().u64(id).string(name).bytes();
    }

    static void assertBytes(byte[] expected, byte[] actual) {
        assertEquals(hexOf(expected), hexOf(actual));
    }

    @Test
    void subscribeExampleOfSection62() {
        byte[] expected = WireBytes.start().hex("00 | 00000000 | 00000000 | 01000000 | 14000000")
                .text("SELECT * FROM person").bytes();
        ClientMessage m = new ClientMessage.Subscribe(0, QuerySetId.of(0), List.of("SELECT * FROM person"));
        assertBytes(expected, V2Messages.encode(m));
        assertEquals(m, V2Messages.decodeClientMessage(expected));
    }

    @Test
    void callReducerExampleOfSection62() {
        byte[] expected = WireBytes.start().hex("03 | 01000000 | 00 | 03000000").text("add")
                .hex("09000000 | 05000000").text("Alice").bytes();
        ClientMessage m = ClientMessage.CallReducer.of(1, "add", WireBytes.start().string("Alice").bytes());
        assertBytes(expected, V2Messages.encode(m));
        assertEquals(m, V2Messages.decodeClientMessage(expected));
    }

    @Test
    void unsubscribeOneOffQueryAndCallProcedureLayouts() {
        assertBytes(WireBytes.start().hex("01 | 05000000 | 02000000 | 01").bytes(),
                V2Messages.encode(new ClientMessage.Unsubscribe(5, QuerySetId.of(2), UnsubscribeFlags.SEND_DROPPED_ROWS)));
        assertBytes(WireBytes.start().hex("02 | 07000000").string("SELECT 1").bytes(),
                V2Messages.encode(new ClientMessage.OneOffQuery(7, "SELECT 1")));
        assertBytes(WireBytes.start().hex("04 | 08000000 | 00").string("p").hex("02000000 abcd").bytes(),
                V2Messages.encode(ClientMessage.CallProcedure.of(8, "p", new byte[] {(byte) 0xab, (byte) 0xcd})));
    }

    @Test
    void initialConnectionFrameOfSection63() {
        byte[] expected = WireBytes.start().hex("00 | 00")
                .raw(IDENTITY.toLittleEndian()).raw(CONNECTION.toLittleEndian()).string("long.lived.token").bytes();
        // The identity's little-endian wire bytes are its big-endian hex reversed: 42 first, c2 00 last.
        assertEquals(0x42, expected[2] & 0xFF);
        assertEquals(0xc2, expected[2 + 31] & 0xFF);
        ServerMessage m = new ServerMessage.InitialConnection(IDENTITY, CONNECTION, "long.lived.token");
        byte[] frame = V2FrameCodec.INSTANCE.encodeServerFrame(List.of(m), Compression.GZIP);
        assertBytes(expected, frame);
        assertEquals(List.of(m), V2FrameCodec.INSTANCE.decodeServerFrame(frame));
    }

    static BsatnRowList aliceInserts() {
        return BsatnRowList.wrap(new RowSizeHint.RowOffsets(new long[] {0}), personRow(1, "Alice"));
    }

    static byte[] transactionUpdateBody(int qsid, byte[] row) {
        return WireBytes.start().u32(1).u32(qsid).u32(1).string("person").u32(1).hex("00")
                .hex("01").u32(1).u64(0).u32(row.length).raw(row)
                .hex("01 00000000 00000000").bytes();
    }

    static TransactionUpdate aliceUpdate(int qsid) {
        return new TransactionUpdate(List.of(new QuerySetUpdate(QuerySetId.of(qsid), List.of(new TableUpdate("person",
                List.of(new TableUpdateRows.PersistentTable(aliceInserts(), BsatnRowList.empty())))))));
    }

    @Test
    void reducerResultOfTsSdkSection6() {
        byte[] row = personRow(1, "Alice");
        long micros = 1_732_560_000_123_456L;
        byte[] expected = WireBytes.start().hex("00 | 06").u32(3).u64(micros).hex("00").u32(0)
                .raw(transactionUpdateBody(0, row)).bytes();
        ServerMessage m = new ServerMessage.ReducerResult(3, new Timestamp(micros),
                new ReducerOutcome.Ok(new ReducerOk(new byte[0], aliceUpdate(0))));
        byte[] frame = V2FrameCodec.INSTANCE.encodeServerFrame(List.of(m), Compression.NONE);
        assertBytes(expected, frame);
        assertEquals(List.of(m), V2FrameCodec.INSTANCE.decodeServerFrame(frame));
    }

    @Test
    void transactionUpdateOfTsSdkSection6() {
        byte[] row = personRow(1, "Alice");
        byte[] expected = WireBytes.start().hex("00 | 04").raw(transactionUpdateBody(4, row)).bytes();
        byte[] frame = V2FrameCodec.INSTANCE.encodeServerFrame(List.of(aliceUpdate(4)), Compression.NONE);
        assertBytes(expected, frame);
        assertEquals(List.of(aliceUpdate(4)), V2FrameCodec.INSTANCE.decodeServerFrame(frame));
    }

    @Test
    void subscribeAppliedOfTsSdkSection6() {
        byte[] row = personRow(1, "Alice");
        byte[] expected = WireBytes.start().hex("00 | 01").u32(0).u32(0).u32(1).string("person")
                .hex("01").u32(1).u64(0).u32(row.length).raw(row).bytes();
        ServerMessage m = new ServerMessage.SubscribeApplied(0, QuerySetId.of(0),
                new QueryRows(List.of(new SingleTableRows("person", aliceInserts()))));
        byte[] frame = V2FrameCodec.INSTANCE.encodeServerFrame(List.of(m), Compression.NONE);
        assertBytes(expected, frame);
        assertEquals(List.of(m), V2FrameCodec.INSTANCE.decodeServerFrame(frame));
    }

    @Test
    void emptyRowListIsRowOffsetsOfNothing() {
        byte[] expected = WireBytes.start().hex("01 00000000 00000000").bytes();
        assertBytes(expected, rowList(BsatnRowList.empty()));
        assertBytes(expected, rowList(BsatnRowList.of(List.of())));
    }

    @Test
    void rowListChoosesFixedSizeOnlyWhenEveryRowHasThatSize() {
        byte[] a = {1, 2, 3, 4};
        byte[] b = {5, 6, 7, 8};
        assertBytes(WireBytes.start().hex("00 0400 08000000 0102030405060708").bytes(), rowList(BsatnRowList.of(a, b)));
        byte[] c = {9, 9};
        assertBytes(WireBytes.start().hex("01").u32(3).u64(0).u64(4).u64(8).u32(10).raw(a).raw(b).raw(c).bytes(),
                rowList(BsatnRowList.of(a, b, c)));
        // Zero-width rows cannot use FixedSize (it must be > 0).
        assertBytes(WireBytes.start().hex("01").u32(2).u64(0).u64(0).u32(0).bytes(),
                rowList(BsatnRowList.of(new byte[0], new byte[0])));
        // Rows wider than a u16 cannot use FixedSize either.
        byte[] wide = new byte[70_000];
        assertEquals(RowSizeHint.RowOffsets.class, BsatnRowList.of(wide, wide).sizeHint().getClass());
        assertEquals(List.of(hexOf(a), hexOf(b), hexOf(c)),
                BsatnRowList.of(a, b, c).rows().stream().map(WireBytes::hexOf).toList());
    }

    static byte[] rowList(BsatnRowList l) {
        dev.lightcone.sats.bsatn.BsatnWriter w = new dev.lightcone.sats.bsatn.BsatnWriter();
        V2Messages.writeRowList(w, l);
        return w.toByteArray();
    }

    @Test
    void remainingServerMessageLayouts() {
        assertBytes(WireBytes.start().hex("02").u32(9).u32(1).hex("01").bytes(),
                V2Messages.encode(new ServerMessage.UnsubscribeApplied(9, QuerySetId.of(1), Optional.empty())));
        assertBytes(WireBytes.start().hex("02").u32(9).u32(1).hex("00").u32(0).bytes(),
                V2Messages.encode(new ServerMessage.UnsubscribeApplied(9, QuerySetId.of(1),
                        Optional.of(QueryRows.empty()))));
        assertBytes(WireBytes.start().hex("03 00").u32(4).u32(2).string("no such table").bytes(),
                V2Messages.encode(new ServerMessage.SubscriptionError(OptionalInt.of(4), QuerySetId.of(2),
                        "no such table")));
        assertBytes(WireBytes.start().hex("03 01").u32(2).string("x").bytes(),
                V2Messages.encode(new ServerMessage.SubscriptionError(OptionalInt.empty(), QuerySetId.of(2), "x")));
        assertBytes(WireBytes.start().hex("05").u32(1).hex("01").string("bad").bytes(),
                V2Messages.encode(new ServerMessage.OneOffQueryResult(1, new QueryOutcome.Err("bad"))));
        assertBytes(WireBytes.start().hex("05").u32(1).hex("00").u32(0).bytes(),
                V2Messages.encode(new ServerMessage.OneOffQueryResult(1, new QueryOutcome.Ok(QueryRows.empty()))));
        assertBytes(WireBytes.start().hex("06").u32(2).u64(5).hex("01").bytes(),
                V2Messages.encode(new ServerMessage.ReducerResult(2, new Timestamp(5), new ReducerOutcome.OkEmpty())));
        byte[] err = WireBytes.start().string("nope").bytes();
        assertBytes(WireBytes.start().hex("06").u32(2).u64(5).hex("02").u32(err.length).raw(err).bytes(),
                V2Messages.encode(new ServerMessage.ReducerResult(2, new Timestamp(5), new ReducerOutcome.Err(err))));
        assertBytes(WireBytes.start().hex("06").u32(2).u64(5).hex("03").string("reducer ran out of energy").bytes(),
                V2Messages.encode(new ServerMessage.ReducerResult(2, new Timestamp(5),
                        new ReducerOutcome.InternalError("reducer ran out of energy"))));
        assertBytes(WireBytes.start().hex("07 00").u32(1).hex("2a").u64(10).u64(3).u32(6).bytes(),
                V2Messages.encode(new ServerMessage.ProcedureResult(new ProcedureStatus.Returned(new byte[] {42}),
                        new Timestamp(10), new TimeDuration(3), 6)));
        assertBytes(WireBytes.start().hex("07 01").string("boom").u64(10).u64(3).u32(6).bytes(),
                V2Messages.encode(new ServerMessage.ProcedureResult(new ProcedureStatus.InternalError("boom"),
                        new Timestamp(10), new TimeDuration(3), 6)));
        byte[] event = {1, 2};
        TransactionUpdate events = new TransactionUpdate(List.of(new QuerySetUpdate(QuerySetId.of(1), List.of(
                new TableUpdate("ev", List.of(new TableUpdateRows.EventTable(BsatnRowList.of(event))))))));
        assertBytes(WireBytes.start().hex("04").u32(1).u32(1).u32(1).string("ev").u32(1).hex("01 00 0200 02000000 0102")
                .bytes(), V2Messages.encode(events));
    }

    // ------------------------------------------------------------------ malformed input

    static ProtocolDecodeException clientError(byte[] bytes) {
        return assertThrows(ProtocolDecodeException.class, () -> V2Messages.decodeClientMessage(bytes));
    }

    @Test
    void unknownMessageTag() {
        ProtocolDecodeException e = clientError(WireBytes.start().hex("05 00000000").bytes());
        assertEquals(DecodeError.UNKNOWN_TAG, e.error());
        assertEquals(0, e.offset());
        assertEquals(DecodeError.UNKNOWN_TAG, assertThrows(ProtocolDecodeException.class,
                () -> V2Messages.decodeServerMessage(new byte[] {8})).error());
    }

    @Test
    void unknownUnsubscribeFlag() {
        ProtocolDecodeException e = clientError(WireBytes.start().hex("01 00000000 00000000 02").bytes());
        assertEquals(DecodeError.UNKNOWN_TAG, e.error());
        assertEquals(9, e.offset());
    }

    @Test
    void nonZeroCallFlags() {
        ProtocolDecodeException e = clientError(WireBytes.start().hex("03 01000000 01").string("add")
                .hex("00000000").bytes());
        assertEquals(DecodeError.INVALID_FLAGS, e.error());
        assertEquals(5, e.offset());
        ProtocolDecodeException p = clientError(WireBytes.start().hex("04 01000000 02").string("p")
                .hex("00000000").bytes());
        assertEquals(DecodeError.INVALID_FLAGS, p.error());
    }

    @Test
    void truncatedEverywhere() {
        byte[] full = V2Messages.encode(ClientMessage.CallReducer.of(1, "add", new byte[] {1, 2, 3}));
        for (int len = 0; len < full.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(full, len);
            ProtocolDecodeException e = clientError(cut);
            assertEquals(DecodeError.TRUNCATED, e.error(), "length " + len);
        }
        ProtocolDecodeException e = clientError(WireBytes.start().hex("00 00000000 00000000 01000000 ffffff00").bytes());
        assertEquals(DecodeError.TRUNCATED, e.error());
        assertEquals(13, e.offset());
    }

    @Test
    void trailingBytes() {
        byte[] ok = V2Messages.encode(new ClientMessage.OneOffQuery(1, "q"));
        byte[] extra = java.util.Arrays.copyOf(ok, ok.length + 2);
        ProtocolDecodeException e = clientError(extra);
        assertEquals(DecodeError.TRAILING_BYTES, e.error());
        assertEquals(ok.length, e.offset());
    }

    @Test
    void invalidUtf8() {
        ProtocolDecodeException e = clientError(WireBytes.start().hex("02 00000000 02000000 c328").bytes());
        assertEquals(DecodeError.INVALID_UTF8, e.error());
        assertEquals(5, e.offset());
    }

    @Test
    void rowListsWhoseHintDoesNotMatchTheData() {
        byte[] fixedZero = WireBytes.start().hex("01").u32(0).u32(0).u32(1).string("t").hex("00 0000 00000000").bytes();
        assertEquals(DecodeError.INVALID_ROW_LIST, serverError(fixedZero).error());
        byte[] notMultiple = WireBytes.start().hex("01").u32(0).u32(0).u32(1).string("t").hex("00 0300 04000000 01020304")
                .bytes();
        assertEquals(DecodeError.INVALID_ROW_LIST, serverError(notMultiple).error());
        byte[] pastEnd = WireBytes.start().hex("01").u32(0).u32(0).u32(1).string("t").hex("01").u32(1).u64(9).u32(1)
                .hex("00").bytes();
        assertEquals(DecodeError.INVALID_ROW_LIST, serverError(pastEnd).error());
        byte[] twoEmptyRows = WireBytes.start().hex("01").u32(0).u32(0).u32(1).string("t").hex("01").u32(2).u64(0).u64(0)
                .u32(0).bytes();
        V2Messages.decodeServerMessage(twoEmptyRows); // equal offsets are fine: two empty rows
        byte[] decreasing = WireBytes.start().hex("01").u32(0).u32(0).u32(1).string("t").hex("01").u32(2).u64(0).u64(2)
                .u32(3).hex("010203").bytes();
        V2Messages.decodeServerMessage(decreasing); // sanity: 0 then 2 is fine
        decreasing[decreasing.length - 7 - 8] = 0; // second offset 2 -> 0 is still fine (empty first row)
        V2Messages.decodeServerMessage(decreasing);
        byte[] firstNotZero = WireBytes.start().hex("01").u32(0).u32(0).u32(1).string("t").hex("01").u32(2).u64(1).u64(0)
                .u32(3).hex("010203").bytes();
        assertEquals(DecodeError.INVALID_ROW_LIST, serverError(firstNotZero).error());
        byte[] goesBack = WireBytes.start().hex("01").u32(0).u32(0).u32(1).string("t").hex("01").u32(3).u64(0).u64(2)
                .u64(1).u32(3).hex("010203").bytes();
        assertEquals(DecodeError.INVALID_ROW_LIST, serverError(goesBack).error());
        byte[] noOffsets = WireBytes.start().hex("01").u32(0).u32(0).u32(1).string("t").hex("01").u32(0).u32(1)
                .hex("00").bytes();
        assertEquals(DecodeError.INVALID_ROW_LIST, serverError(noOffsets).error());
    }

    static ProtocolDecodeException serverError(byte[] bytes) {
        return assertThrows(ProtocolDecodeException.class, () -> V2Messages.decodeServerMessage(bytes));
    }

    @Test
    void v2FramesCarryExactlyOneMessage() {
        assertThrows(IllegalArgumentException.class, () -> V2FrameCodec.INSTANCE.encodeClientFrame(List.of()));
        byte[] two = WireBytes.start().raw(V2Messages.encode(new ClientMessage.OneOffQuery(1, "a")))
                .raw(V2Messages.encode(new ClientMessage.OneOffQuery(2, "b"))).bytes();
        assertEquals(DecodeError.TRAILING_BYTES,
                assertThrows(ProtocolDecodeException.class, () -> V2FrameCodec.INSTANCE.decodeClientFrame(two)).error());
        assertArrayEquals(V2Messages.encode(new ClientMessage.OneOffQuery(1, "a")),
                V2FrameCodec.INSTANCE.encodeClientFrame(List.of(new ClientMessage.OneOffQuery(1, "a"))));
    }
}
