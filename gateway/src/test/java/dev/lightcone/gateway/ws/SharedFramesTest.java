package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.Compression;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.QuerySetUpdate;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.TableUpdateRows;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.gateway.protocol.v3.V3FrameCodec;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/**
 * Subscribers of the same query with different query set ids and compressions, over real WebSockets: each gets, byte
 * for byte, the {@code TransactionUpdate} it would get alone (its own query set id, the same tables), though the
 * server encodes the tables once for all of them; a gzip client gets a gzip frame for a large update and still
 * decodes it, a brotli client gets uncompressed frames, and a {@code v3} client decodes the same update.
 */
class SharedFramesTest {
    private static final String QUERY = "SELECT * FROM message";
    private static final String LONG_TEXT = "a long message that gzip must carry ".repeat(100);

    /** One subscriber: its subprotocol, compression and query set id. */
    private record Subscriber(String name, String subprotocol, Compression compression, int querySetId) {
    }

    @Test
    void subscribersWithDifferentQuerySetIdsAndCompressionsDecodeTheirOwnBytes(@TempDir Path dir) throws Exception {
        List<Subscriber> subscribers = List.of(
                new Subscriber("seven", "v2.bsatn.spacetimedb", Compression.NONE, 7),
                new Subscriber("nine", "v2.bsatn.spacetimedb", Compression.NONE, 9),
                new Subscriber("seven-gzip", "v2.bsatn.spacetimedb", Compression.GZIP, 7),
                new Subscriber("three-brotli", "v2.bsatn.spacetimedb", Compression.BROTLI, 3),
                new Subscriber("five-v3-gzip", "v3.bsatn.spacetimedb", Compression.GZIP, 5));
        try (Node node = Node.open(dir)) {
            GatewayServer gw = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build();
            DisposableServer server = gw.bind("127.0.0.1", 0);
            List<WsTestClient> clients = new ArrayList<>();
            try {
                byte[] chat = Files.readAllBytes(FanOutTest.modulesDistDir().resolve("quickstart-chat.wasm"));
                node.create(Optional.of("chat"), Identity.fromHex("c300" + "77".repeat(30)), chat)
                        .get(60, TimeUnit.SECONDS);
                for (Subscriber s : subscribers) {
                    WsTestClient c = new WsTestClient(server.port(), "/v1/database/chat/subscribe?compression="
                            + s.compression().queryValue(), s.subprotocol(), null, true);
                    clients.add(c);
                    assertInstanceOf(ServerMessage.InitialConnection.class, decode(s, c.next()).get(0));
                    c.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(1, new QuerySetId(s.querySetId()),
                            List.of(QUERY))));
                    assertInstanceOf(ServerMessage.SubscribeApplied.class, decode(s, c.next()).get(0));
                }
                try (WsTestClient sender = new WsTestClient(server.port(),
                        "/v1/database/chat/subscribe?compression=None", "v2.bsatn.spacetimedb", null, true)) {
                    sender.next();
                    sender.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(1, "send_message",
                            new BsatnWriter().writeString("short").toByteArray())));
                    assertInstanceOf(ServerMessage.ReducerResult.class, V2Messages.decodeServerMessage(
                            CompressionEnvelope.open(sender.next())));
                    sender.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(2, "send_message",
                            new BsatnWriter().writeString(LONG_TEXT).toByteArray())));
                    assertInstanceOf(ServerMessage.ReducerResult.class, V2Messages.decodeServerMessage(
                            CompressionEnvelope.open(sender.next())));
                }

                List<List<byte[]>> frames = new ArrayList<>();
                List<List<TransactionUpdate>> updates = new ArrayList<>();
                for (int i = 0; i < subscribers.size(); i++) {
                    Subscriber s = subscribers.get(i);
                    List<byte[]> mine = new ArrayList<>();
                    List<TransactionUpdate> decoded = new ArrayList<>();
                    while (decoded.size() < 2) {
                        byte[] frame = clients.get(i).next();
                        mine.add(frame);
                        for (ServerMessage m : decode(s, frame)) {
                            decoded.add(assertInstanceOf(TransactionUpdate.class, m, s.name()));
                        }
                    }
                    assertEquals(2, decoded.size(), s.name() + ": one update per transaction");
                    frames.add(mine);
                    updates.add(decoded);
                }

                // The reference: what the first subscriber got, decoded by the project's own decoder.
                List<TransactionUpdate> reference = updates.get(0);
                assertEquals("short", text(reference.get(0)));
                assertEquals(LONG_TEXT, text(reference.get(1)));
                for (int i = 0; i < subscribers.size(); i++) {
                    Subscriber s = subscribers.get(i);
                    for (int t = 0; t < 2; t++) {
                        TransactionUpdate expected = new TransactionUpdate(List.of(new QuerySetUpdate(
                                new QuerySetId(s.querySetId()), reference.get(t).querySets().get(0).tables())));
                        assertEquals(expected, updates.get(i).get(t), s.name() + ", transaction " + t);
                        if (s.subprotocol().startsWith("v2")) {
                            assertArrayEquals(V2Messages.encode(expected), CompressionEnvelope.open(frames.get(i).get(t)),
                                    s.name() + ": the exact bytes of its own message, transaction " + t);
                        }
                    }
                }
                assertEquals(Compression.NONE.tag(), frames.get(2).get(0)[0], "a small update is not compressed");
                assertEquals(Compression.GZIP.tag(), frames.get(2).get(1)[0], "a large update is gzipped");
                for (byte[] f : frames.get(3)) {
                    assertEquals(Compression.NONE.tag(), f[0], "brotli is never sent");
                }
                for (WsTestClient c : clients) {
                    assertTrue(c.binary.isEmpty(), "nothing more");
                }
            } finally {
                for (WsTestClient c : clients) {
                    c.close();
                }
                server.disposeNow();
            }
        }
    }

    private static List<ServerMessage> decode(Subscriber s, byte[] frame) {
        if (s.subprotocol().startsWith("v3")) {
            return V3FrameCodec.INSTANCE.decodeServerFrame(frame);
        }
        return List.of(V2Messages.decodeServerMessage(CompressionEnvelope.open(frame)));
    }

    /** The text of the single inserted message row {sender: Identity, sent: Timestamp, text: String}. */
    private static String text(TransactionUpdate tu) {
        var rows = (TableUpdateRows.PersistentTable) tu.querySets().get(0).tables().get(0).rows().get(0);
        assertEquals(1, rows.inserts().rowCount());
        byte[] row = rows.inserts().rows().get(0);
        return new BsatnReader(row, 40, row.length - 40).readString();
    }
}
