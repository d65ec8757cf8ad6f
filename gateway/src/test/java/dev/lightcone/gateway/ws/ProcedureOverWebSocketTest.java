package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.ProcedureStatus;
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

/** {@code CallProcedure} over WebSocket: the return value in {@code ProcedureResult}, its transaction as an update. */
class ProcedureOverWebSocketTest {
    @Test
    void procedureResultAndItsTransactionReachTheCaller(@TempDir Path dir) throws Exception {
        try (Node node = Node.open(dir)) {
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0);
            Path wasm = FanOutTest.modulesDistDir().resolve("feature-procedures.wasm");
            node.create(Optional.of("procs"), Identity.fromHex("c200" + "44".repeat(30)), Files.readAllBytes(wasm))
                    .get(60, TimeUnit.SECONDS);
            try (WsTestClient c = new WsTestClient(server.port(), "/v1/database/procs/subscribe?compression=None",
                    "v2.bsatn.spacetimedb", null, true)) {
                assertInstanceOf(ServerMessage.InitialConnection.class, read(c));
                c.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(0, new QuerySetId(0),
                        List.of("SELECT * FROM entries"))));
                assertInstanceOf(ServerMessage.SubscribeApplied.class, read(c));
                c.sendBinary(V2Messages.encode(ClientMessage.CallProcedure.of(1, "add_two",
                        new BsatnWriter().writeU32(2).writeU32(40).toByteArray())));
                ServerMessage.ProcedureResult r = assertInstanceOf(ServerMessage.ProcedureResult.class, read(c));
                assertEquals(1, r.requestId());
                assertArrayEquals(new byte[] {42, 0, 0, 0}, ((ProcedureStatus.Returned) r.status()).value());
                c.sendBinary(V2Messages.encode(ClientMessage.CallProcedure.of(2, "insert_entry",
                        new BsatnWriter().writeString("via ws").toByteArray())));
                assertInstanceOf(TransactionUpdate.class, read(c), "the with_tx transaction arrives as an update first");
                ServerMessage.ProcedureResult r2 = assertInstanceOf(ServerMessage.ProcedureResult.class, read(c));
                assertInstanceOf(ProcedureStatus.Returned.class, r2.status());
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
