package dev.lightcone.gateway.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.Compression;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.EncodedMessage;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.QuerySetUpdate;
import dev.lightcone.gateway.protocol.ReducerOk;
import dev.lightcone.gateway.protocol.ReducerOutcome;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.TableUpdate;
import dev.lightcone.gateway.protocol.TableUpdateRows;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.v2.V2FrameCodec;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.gateway.protocol.v3.V3FrameCodec;
import dev.lightcone.materializer.runtime.SessionUpdate;
import dev.lightcone.materializer.runtime.SharedEncodings;
import dev.lightcone.materializer.subscription.QueryDelta;
import dev.lightcone.materializer.subscription.QuerySetDelta;
import dev.lightcone.materializer.subscription.TableDelta;
import dev.lightcone.sats.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared encoding of a transaction's updates: every client's message, built from pieces shared with other
 * clients, has exactly the bytes of its own message encoded alone, whatever its query set ids; the shared pieces are
 * made once per transaction; a gzip frame is made once per message.
 */
class WireMessagesTest {
    private static final byte[] A = row("alice");
    private static final byte[] B = row("bob-the-longer-name");
    private static final byte[] C = row("carol");
    private static final byte[] D = row("dave");
    private static final byte[] E = row("an event");

    private final QueryDelta messages = new QueryDelta(1, "message", false, rows(A, B), rows(C));
    private final QueryDelta users = new QueryDelta(2, "user", false, rows(D), rows());
    private final QueryDelta events = new QueryDelta(3, "ev", true, rows(E), rows());

    @Test
    void clientsWithDifferentQuerySetIdsShareTheTablesAndGetTheirOwnBytes() {
        SharedEncodings shared = new SharedEncodings();
        // Each client's delta is its own objects, as the subscription manager makes them; only the queries are shared.
        EncodedMessage seven = WireMessages.encode(delta(shared, set(7, table("message", messages))));
        EncodedMessage nine = WireMessages.encode(delta(shared, set(9, table("message", messages))));

        assertArrayEquals(V2Messages.encode(expected(7)), seven.toByteArray());
        assertArrayEquals(V2Messages.encode(expected(9)), nine.toByteArray());
        assertEquals(expected(9), V2Messages.decodeServerMessage(nine.toByteArray()), "the project's decoder reads it");
        assertNotSame(seven, nine);
        assertSame(seven.pieces().get(1), nine.pieces().get(1), "the tables are encoded once for both");
        assertEquals(9, seven.pieces().get(0).length, "per client: tag, query set count and id");
    }

    @Test
    void clientsWithTheSameQuerySetsGetTheSameMessage() {
        SharedEncodings shared = new SharedEncodings();
        EncodedMessage first = WireMessages.encode(delta(shared, set(7, table("message", messages))));
        EncodedMessage second = WireMessages.encode(delta(shared, set(7, table("message", messages))));
        assertSame(first, second);
    }

    @Test
    void severalQuerySetsAndTablesAndEventsEncodeAsTheMessageAlone() {
        SharedEncodings shared = new SharedEncodings();
        List<QuerySetDelta> sets = List.of(set(1, table("message", messages), table("user", users)),
                set(2, table("ev", events)), set(3, table("message", messages)));
        SessionUpdate.TransactionDelta d = new SessionUpdate.TransactionDelta(sets, shared);
        EncodedMessage m = WireMessages.encode(d);
        assertArrayEquals(V2Messages.encode(WireMessages.toWire(d)), m.toByteArray());
        TransactionUpdate tu = (TransactionUpdate) V2Messages.decodeServerMessage(m.toByteArray());
        assertEquals(List.of(1, 2, 3), tu.querySets().stream().map(q -> q.querySetId().id()).toList());
        assertEquals(new TableUpdateRows.EventTable(BsatnRowList.of(E)),
                tu.querySets().get(1).tables().get(0).rows().get(0));
        assertEquals(expected(3).querySets().get(0).tables(), tu.querySets().get(2).tables());
        assertEquals(6, m.pieces().size(), "an id piece and a shared tables piece per set");
    }

    @Test
    void theCallersReplyCarriesTheSharedTables() {
        SharedEncodings shared = new SharedEncodings();
        EncodedMessage other = WireMessages.encode(delta(shared, set(4, table("message", messages))));
        SessionUpdate.ReducerReply reply = new SessionUpdate.ReducerReply(77, new Timestamp(1_234_567),
                new TxOutcome.Committed(), List.of(set(5, table("message", messages))), shared);
        EncodedMessage mine = WireMessages.encode(reply);
        ServerMessage expected = new ServerMessage.ReducerResult(77, new Timestamp(1_234_567),
                new ReducerOutcome.Ok(new ReducerOk(new byte[0], expected(5))));
        assertArrayEquals(V2Messages.encode(expected), mine.toByteArray());
        assertSame(other.pieces().get(1), mine.pieces().get(1));

        SessionUpdate.ReducerReply none = new SessionUpdate.ReducerReply(78, new Timestamp(5), new TxOutcome.Committed(),
                List.of(), shared);
        assertArrayEquals(V2Messages.encode(new ServerMessage.ReducerResult(78, new Timestamp(5),
                new ReducerOutcome.Ok(new ReducerOk(new byte[0], TransactionUpdate.empty())))),
                WireMessages.encode(none).toByteArray(), "no query sets: an empty update");
    }

    @Test
    void framesForEveryCompressionDecodeToTheMessage() {
        byte[] big = row("x".repeat(3000));
        SharedEncodings shared = new SharedEncodings();
        QueryDelta q = new QueryDelta(9, "message", false, rows(big), rows());
        EncodedMessage m = WireMessages.encode(delta(shared, set(1, table("message", q))));
        byte[] body = m.toByteArray();

        byte[][] gzip = V2FrameCodec.INSTANCE.frameEncoded(List.of(m), Compression.GZIP);
        assertEquals(1, gzip.length);
        assertEquals(Compression.GZIP.tag(), gzip[0][0]);
        assertArrayEquals(body, CompressionEnvelope.open(gzip[0]));
        assertSame(gzip[0], V2FrameCodec.INSTANCE.frameEncoded(List.of(m), Compression.GZIP)[0],
                "compressed once for every client sending this message");

        for (Compression c : List.of(Compression.NONE, Compression.BROTLI)) {
            byte[] frame = concat(V2FrameCodec.INSTANCE.frameEncoded(List.of(m), c));
            assertEquals(0, frame[0], "brotli is never sent: " + c);
            assertArrayEquals(body, CompressionEnvelope.open(frame));
            assertArrayEquals(V2FrameCodec.INSTANCE.encodeServerFrame(List.of(WireMessages.toWire(
                    new SessionUpdate.TransactionDelta(List.of(set(1, table("message", q))), shared))), c), frame);
        }

        EncodedMessage small = WireMessages.encode(delta(shared, set(2, table("message", messages))));
        for (Compression c : Compression.values()) {
            List<ServerMessage> both = V3FrameCodec.INSTANCE.decodeServerFrame(
                    concat(V3FrameCodec.INSTANCE.frameEncoded(List.of(m, small), c)));
            assertEquals(List.of(V2Messages.decodeServerMessage(body), expected(2)), both, "v3, " + c);
        }
    }

    // ---------------------------------------------------------------- fixtures

    /** The update a client with query set {@code id} over {@code messages} must get. */
    private TransactionUpdate expected(int id) {
        return new TransactionUpdate(List.of(new QuerySetUpdate(new QuerySetId(id), List.of(new TableUpdate("message",
                List.of(new TableUpdateRows.PersistentTable(BsatnRowList.of(A, B), BsatnRowList.of(C))))))));
    }

    private static SessionUpdate.TransactionDelta delta(SharedEncodings shared, QuerySetDelta... sets) {
        return new SessionUpdate.TransactionDelta(List.of(sets), shared);
    }

    private static QuerySetDelta set(int id, TableDelta... tables) {
        return new QuerySetDelta(id, List.of(tables));
    }

    private static TableDelta table(String name, QueryDelta... queries) {
        return new TableDelta(name, List.of(queries));
    }

    private static List<Row> rows(byte[]... rows) {
        return java.util.Arrays.stream(rows).map(Row::new).toList();
    }

    /** A row {text: String} as BSATN. */
    private static byte[] row(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[4 + utf8.length];
        out[0] = (byte) utf8.length;
        out[1] = (byte) (utf8.length >>> 8);
        System.arraycopy(utf8, 0, out, 4, utf8.length);
        return out;
    }

    private static byte[] concat(byte[][] pieces) {
        int n = 0;
        for (byte[] p : pieces) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : pieces) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
