package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.TableUpdateRows;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/**
 * Fan-out: {@value #CLIENTS} WebSocket clients subscribe to the chat's messages; another client sends
 * {@value #MESSAGES} messages; every subscriber receives every committed message, once, in commit order.
 */
class FanOutTest {
    static final int CLIENTS = 1000;
    static final int MESSAGES = 20;

    @Test
    void everySubscriberSeesEveryCommitInOrder(@TempDir Path dir) throws Exception {
        try (Node node = Node.open(dir)) {
            GatewayServer gw = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build();
            DisposableServer server = gw.bind("127.0.0.1", 0);
            List<WsTestClient> clients = new ArrayList<>();
            try {
                byte[] chat = Files.readAllBytes(modulesDist().resolve("quickstart-chat.wasm"));
                node.create(Optional.of("chat"), Identity.fromHex("c200" + "77".repeat(30)), chat).get(60, TimeUnit.SECONDS);
                String path = "/v1/database/chat/subscribe?compression=None";
                byte[] subscribe = V2Messages.encode(new ClientMessage.Subscribe(1, new QuerySetId(0),
                        List.of("SELECT * FROM message")));
                for (int i = 0; i < CLIENTS; i++) {
                    WsTestClient c = new WsTestClient(server.port(), path, "v2.bsatn.spacetimedb", null, true);
                    clients.add(c);
                }
                for (WsTestClient c : clients) {
                    assertInstanceOf(ServerMessage.InitialConnection.class, read(c));
                    c.sendBinary(subscribe);
                }
                for (WsTestClient c : clients) {
                    assertInstanceOf(ServerMessage.SubscribeApplied.class, read(c));
                }
                try (WsTestClient sender = new WsTestClient(server.port(), path, "v2.bsatn.spacetimedb", null, true)) {
                    assertInstanceOf(ServerMessage.InitialConnection.class, read(sender));
                    for (int m = 0; m < MESSAGES; m++) {
                        sender.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(m, "send_message",
                                new BsatnWriter().writeString("m" + m).toByteArray())));
                    }
                    for (int m = 0; m < MESSAGES; m++) {
                        ServerMessage r = read(sender);
                        assertInstanceOf(ServerMessage.ReducerResult.class, r, "reply " + m);
                    }
                }
                for (WsTestClient c : clients) {
                    for (int m = 0; m < MESSAGES; m++) {
                        ServerMessage u = read(c);
                        TransactionUpdate tu = assertInstanceOf(TransactionUpdate.class, u);
                        var rows = (TableUpdateRows.PersistentTable) tu.querySets().get(0).tables().get(0).rows().get(0);
                        assertEquals(1, rows.inserts().rowCount());
                        assertEquals("m" + m, text(rows.inserts().rows().get(0)), "commit order");
                    }
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

    /** The text column of a message row {sender: Identity, sent: Timestamp, text: String}. */
    private static String text(byte[] row) {
        BsatnReader r = new BsatnReader(row, 40, row.length - 40);
        return r.readString();
    }

    private static ServerMessage read(WsTestClient c) throws InterruptedException {
        byte[] frame = c.binary.poll(60, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no message within 60 s");
        }
        return V2Messages.decodeServerMessage(CompressionEnvelope.open(frame));
    }

    static Path modulesDistDir() {
        return modulesDist();
    }

    private static Path modulesDist() {
        Path d = Paths.get("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("modules").resolve("dist"))) {
            d = d.getParent();
        }
        return d.resolve("modules").resolve("dist");
    }
}
