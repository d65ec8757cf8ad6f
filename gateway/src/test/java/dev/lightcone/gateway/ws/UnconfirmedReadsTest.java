package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/** A client connecting with {@code confirmed=false} gets the same messages, in order, without waiting for the disk. */
class UnconfirmedReadsTest {
    @Test
    void unconfirmedClientsSeeEveryUpdateInOrder(@TempDir Path dir) throws Exception {
        try (Node node = Node.open(dir)) {
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0);
            node.create(Optional.of("chat"), Identity.fromHex("c200" + "45".repeat(30)),
                    Files.readAllBytes(FanOutTest.modulesDistDir().resolve("quickstart-chat.wasm"))).get(60, TimeUnit.SECONDS);
            String base = "/v1/database/chat/subscribe?compression=None";
            try (WsTestClient fast = new WsTestClient(server.port(), base + "&confirmed=false", "v2.bsatn.spacetimedb", null, true);
                    WsTestClient caller = new WsTestClient(server.port(), base, "v2.bsatn.spacetimedb", null, true)) {
                assertInstanceOf(ServerMessage.InitialConnection.class, read(fast));
                assertInstanceOf(ServerMessage.InitialConnection.class, read(caller));
                fast.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(0, new QuerySetId(0),
                        List.of("SELECT * FROM message"))));
                assertInstanceOf(ServerMessage.SubscribeApplied.class, read(fast));
                for (int i = 0; i < 10; i++) {
                    caller.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(i, "send_message",
                            new BsatnWriter().writeString("m" + i).toByteArray())));
                }
                for (int i = 0; i < 10; i++) {
                    TransactionUpdate u = assertInstanceOf(TransactionUpdate.class, read(fast));
                    assertEquals(1, u.querySets().size());
                    assertInstanceOf(ServerMessage.ReducerResult.class, read(caller));
                }
            } finally {
                server.disposeNow();
            }
        }
    }

    private static ServerMessage read(WsTestClient c) throws InterruptedException {
        byte[] frame = c.binary.poll(30, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no message within 30 s");
        }
        return V2Messages.decodeServerMessage(CompressionEnvelope.open(frame));
    }
}
