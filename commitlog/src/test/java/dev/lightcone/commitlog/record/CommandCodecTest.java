package dev.lightcone.commitlog.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandCodecTest {
    private static final Identity ALICE = Identity.fromHex("c200" + "11".repeat(30));
    private static final Identity DB = Identity.fromHex("c200" + "22".repeat(30));
    private static final ConnectionId CONN = ConnectionId.fromWords(0x0102030405060708L, 0x1112131415161718L);
    private static final Timestamp T = new Timestamp(1_700_000_000_123_456L);

    static List<Command> examples() {
        return List.of(
                new PublishModule(DB, ALICE, new ModuleSource.Inline(new byte[] {0, 'a', 's', 'm'}), false, T),
                new PublishModule(DB, ALICE, new ModuleSource.Stored(
                        new ContentHash(ContentHash.Algorithm.BLAKE3, "ab".repeat(32))), true, T),
                new PublishModule(DB, ALICE, new ModuleSource.Stored(
                        new ContentHash(ContentHash.Algorithm.SHA256, "0f".repeat(32))), false, T),
                new CallReducer(ALICE, CONN, 0xFFFF_FFFE, T, "send_message", new byte[] {5, 0, 0, 0, 'h', 'e', 'l', 'l', 'o'}),
                new ClientConnected(ALICE, CONN, T, "{\"sub\":\"alice\",\"iss\":\"localhost\"}"),
                new ClientConnected(ALICE, CONN, T, "{}", "node-7f3a"),
                new NodeGone("node-7f3a", T),
                new ClientDisconnected(ALICE, CONN, T),
                new ScheduleFire(4097, "reminders", Long.MAX_VALUE, new Timestamp(T.micros() - 10), T),
                new CommittedEffects(T, CommittedEffects.UNCONDITIONAL, new int[0], new byte[] {1, 2, 3}),
                new CommittedEffects(T, 41, new int[] {4096, 4098}, new byte[] {4, 5}),
                new RunSql(ALICE, T, "DELETE FROM person WHERE id = 1"),
                new PublishModule(DB, ALICE, new ModuleSource.Inline(new byte[] {0, 'a'}), false, T, "5d1e".repeat(16)));
    }

    @Test
    void everyKindRoundTrips() {
        for (Command c : examples()) {
            assertEquals(c, CommandCodec.decode(CommandCodec.encode(c)), c.toString());
        }
    }

    @Test
    void clientDisconnectedHasAStableLayout() {
        // version 1, kind 3, identity (32 LE), connection id (16 LE), timestamp i64 LE
        String expected = "0103" + HexFormat.of().formatHex(ALICE.toLittleEndian())
                + "0807060504030201" + "1817161514131211" + "40222018240a0600";
        assertEquals(expected, HexFormat.of().formatHex(CommandCodec.encode(new ClientDisconnected(ALICE, CONN, T))));
    }

    @Test
    void scheduleFiresWithTheSameKeyAreTheSameFiring() {
        ScheduleFire a = new ScheduleFire(1, "t", 9, T, new Timestamp(5));
        ScheduleFire b = new ScheduleFire(1, "t", 9, T, new Timestamp(6));
        assertEquals(a.key(), b.key());
    }

    @Test
    void unknownVersionIsRejectedAtByteZero() {
        byte[] bytes = CommandCodec.encode(examples().get(5));
        bytes[0] = 2;
        CommandDecodeException e = assertThrows(CommandDecodeException.class, () -> CommandCodec.decode(bytes, 42));
        assertEquals(42, e.offset());
        assertEquals(0, e.byteOffset());
    }

    @Test
    void unknownKindIsRejected() {
        byte[] bytes = CommandCodec.encode(examples().get(5));
        bytes[1] = 99;
        assertEquals(1, assertThrows(CommandDecodeException.class, () -> CommandCodec.decode(bytes)).byteOffset());
    }

    @Test
    void everyTruncationIsRejectedWithTheLogOffset() {
        for (Command c : examples()) {
            byte[] full = CommandCodec.encode(c);
            for (int n = 0; n < full.length; n++) {
                byte[] cut = Arrays.copyOf(full, n);
                CommandDecodeException e = assertThrows(CommandDecodeException.class, () -> CommandCodec.decode(cut, 7),
                        c + " cut to " + n);
                assertEquals(7, e.offset());
            }
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] full = CommandCodec.encode(examples().get(4));
        byte[] longer = Arrays.copyOf(full, full.length + 1);
        assertEquals(full.length, assertThrows(CommandDecodeException.class, () -> CommandCodec.decode(longer)).byteOffset());
    }

    @Test
    void consecutiveCallsDecodeTheirOwnCallerConnectionAndReducer() {
        // Decoding reuses the previous call's caller, connection and reducer name when the bytes match.
        Identity bob = Identity.fromHex("c200" + "33".repeat(30));
        List<CallReducer> calls = List.of(
                new CallReducer(ALICE, CONN, 1, T, "transfer", new byte[] {1}),
                new CallReducer(ALICE, CONN, 2, T, "transfer", new byte[] {2}),
                new CallReducer(bob, CONN, 3, T, "transfer", new byte[] {3}),
                new CallReducer(bob, ConnectionId.ZERO, 4, T, "transfers", new byte[0]),
                new CallReducer(bob, ConnectionId.ZERO, 5, T, "tränsfer", new byte[0]),
                new CallReducer(ALICE, CONN, 6, T, "", new byte[0]),
                new CallReducer(ALICE, CONN, 7, T, "transfer", new byte[] {7}));
        for (CallReducer c : calls) {
            assertEquals(c, CommandCodec.decode(CommandCodec.encode(c)));
        }
    }

    @Test
    void aReducerNameThatIsNotUtf8IsRejectedAtItsLength() {
        byte[] bytes = CommandCodec.encode(new CallReducer(ALICE, CONN, 1, T, "ab", new byte[0]));
        int nameAt = 2 + 32 + 16 + 4 + 8;
        bytes[nameAt + 4] = (byte) 0xC3; // a lead byte followed by 'b', not a continuation byte
        assertEquals(nameAt, assertThrows(CommandDecodeException.class, () -> CommandCodec.decode(bytes)).byteOffset());
    }

    @Test
    void storedModuleHashKeepsItsBytes() {
        ContentHash h = new ContentHash(ContentHash.Algorithm.SHA256, "AB".repeat(32));
        assertEquals("ab".repeat(32), h.hex());
        assertArrayEquals(h.bytes(), ContentHash.of(ContentHash.Algorithm.SHA256, h.bytes()).bytes());
    }
}
