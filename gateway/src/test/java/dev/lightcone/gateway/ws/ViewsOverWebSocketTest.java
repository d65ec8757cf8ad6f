package dev.lightcone.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.auth.SigningKeys;
import dev.lightcone.gateway.auth.TokenService;
import dev.lightcone.gateway.http.GatewayServer;
import dev.lightcone.gateway.node.Node;
import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.CompressionEnvelope;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.QuerySetUpdate;
import dev.lightcone.gateway.protocol.ReducerOutcome;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.SingleTableRows;
import dev.lightcone.gateway.protocol.TableUpdate;
import dev.lightcone.gateway.protocol.TableUpdateRows;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.v2.V2Messages;
import dev.lightcone.gateway.service.DatabaseInfo;
import dev.lightcone.gateway.service.DatabaseRef;
import dev.lightcone.gateway.service.ServiceException;
import dev.lightcone.gateway.service.SqlStatementResult;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

/**
 * Function views of the {@code feature-views} example through the real server: subscribed over
 * WebSocket per sender and anonymously, refreshed inside the transactions that change what they read,
 * queried over SQL, and recomputed after a restart.
 */
class ViewsOverWebSocketTest {
    static final Identity OWNER = Identity.fromHex("c200" + "66".repeat(30));
    static final ObjectMapper JSON = new ObjectMapper();

    /** Rows inserted and deleted per table in one message. */
    record Changes(Map<String, Integer> inserts, Map<String, Integer> deletes, Map<String, List<Integer>> insertSizes) {
        int ins(String t) {
            return inserts.getOrDefault(t, 0);
        }

        int del(String t) {
            return deletes.getOrDefault(t, 0);
        }
    }

    @Test
    void perSenderAndAnonymousViewsStreamToTheirSubscribers(@TempDir Path dir) throws Exception {
        byte[] wasm = Files.readAllBytes(FanOutTest.modulesDistDir().resolve("feature-views.wasm"));
        try (Node node = Node.open(dir)) {
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0);
            node.create(Optional.of("views"), OWNER, wasm).get(60, TimeUnit.SECONDS);
            try (WsTestClient alice = client(server); WsTestClient bob = client(server)) {
                Identity aliceId = assertInstanceOf(ServerMessage.InitialConnection.class, read(alice)).identity();
                assertInstanceOf(ServerMessage.InitialConnection.class, read(bob));

                call(alice, 1, "join", new BsatnWriter().writeString("alice").toByteArray());
                assertInstanceOf(ReducerOutcome.Ok.class, ((ServerMessage.ReducerResult) read(alice)).result());

                alice.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(2, new QuerySetId(1),
                        List.of("SELECT * FROM my_player", "SELECT * FROM player_count"))));
                Changes initial = changes(read(alice));
                assertEquals(1, initial.ins("my_player"), "alice's own player");
                assertEquals(50, initial.insertSizes().get("my_player").get(0),
                        "the row as the SDK decodes it: identity, name, score, online (no hidden column)");
                assertEquals(1, initial.ins("player_count"));

                bob.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(3, new QuerySetId(1),
                        List.of("SELECT * FROM my_player"))));
                assertEquals(0, changes(read(bob)).ins("my_player"), "bob has not joined: his view is empty");

                call(bob, 4, "join", new BsatnWriter().writeString("bob").toByteArray());
                Changes bobs = changes(read(bob));
                assertEquals(1, bobs.ins("my_player"), "bob's view changed in his own transaction");
                Changes alices = changes(read(alice));
                assertEquals(0, alices.ins("my_player") + alices.del("my_player"), "alice's own player did not change");
                assertEquals(1, alices.ins("player_count"));
                assertEquals(1, alices.del("player_count"));

                DatabaseInfo db = node.lookup(new DatabaseRef.ByName("views")).block();
                List<SqlStatementResult> count = sql(node, db, aliceId, "SELECT * FROM player_count");
                assertEquals("[2]", count.get(0).rows().get(0).toString());
                List<SqlStatementResult> mine = sql(node, db, aliceId, "SELECT name FROM my_player");
                assertEquals(1, mine.get(0).rows().size(), "SQL reads the caller's own instance");
                List<SqlStatementResult> joined = sql(node, db, OWNER,
                        "SELECT p.* FROM online_by_identity o JOIN players p ON o.identity = p.identity");
                assertEquals(2, joined.get(0).rows().size(), "a keyed view joins a table on its key");
                alice.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(5, new QuerySetId(2), List.of(
                        "SELECT o.* FROM online_by_identity o JOIN my_player m ON o.identity = m.identity"))));
                assertEquals(1, changes(read(alice)).ins("online_by_identity"),
                        "a subscription joins two views on the key: alice's own online row");
                ServiceException dml = org.junit.jupiter.api.Assertions.assertThrows(ServiceException.class,
                        () -> sql(node, db, OWNER, "DELETE FROM player_count"));
                assertTrue(dml.getMessage().contains("view"), dml.getMessage());
            } finally {
                server.disposeNow();
            }
        }
        try (Node node = Node.open(dir)) {
            DatabaseInfo db = node.lookup(new DatabaseRef.ByName("views")).block();
            List<SqlStatementResult> count = sql(node, db, OWNER, "SELECT * FROM player_count");
            assertEquals("[2]", count.get(0).rows().get(0).toString(), "views are derived state: after a restart they are computed again");
        }
    }

    @Test
    void sqlViewsAreMaintainedIncrementallyUnderTheirOwnName(@TempDir Path dir) throws Exception {
        byte[] wasm = Files.readAllBytes(FanOutTest.modulesDistDir().resolve("feature-views.wasm"));
        try (Node node = Node.open(dir)) {
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0);
            node.create(Optional.of("views"), OWNER, wasm).get(60, TimeUnit.SECONDS);
            try (WsTestClient alice = client(server); WsTestClient bob = client(server)) {
                Identity aliceId = assertInstanceOf(ServerMessage.InitialConnection.class, read(alice)).identity();
                assertInstanceOf(ServerMessage.InitialConnection.class, read(bob));
                call(alice, 1, "join", new BsatnWriter().writeString("alice").toByteArray());
                read(alice);

                alice.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(2, new QuerySetId(1),
                        List.of("SELECT * FROM online_sql"))));
                ServerMessage applied = read(alice);
                assertEquals("online_sql", ((ServerMessage.SubscribeApplied) applied).rows().tables().get(0).table());
                assertEquals(1, changes(applied).ins("online_sql"), "a public view over a private table");

                alice.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(3, new QuerySetId(2),
                        List.of("SELECT * FROM players"))));
                assertInstanceOf(ServerMessage.SubscriptionError.class, read(alice), "the table itself stays private");

                call(bob, 4, "join", new BsatnWriter().writeString("bob").toByteArray());
                read(bob);
                assertEquals(1, changes(read(alice)).ins("online_sql"), "bob came online");
                call(alice, 5, "leave", new byte[0]);
                assertEquals(1, changes(read(alice)).del("online_sql"), "alice went offline, in her own reply");

                // Query views (RawSql): the SQL they return is maintained like a subscription, per sender.
                alice.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(6, new QuerySetId(3),
                        List.of("SELECT * FROM my_player_query", "SELECT * FROM online_query"))));
                ServerMessage queried = read(alice);
                Changes q = changes(queried);
                assertEquals(1, q.ins("my_player_query"), "alice's own player, by :sender");
                assertEquals(1, q.ins("online_query"), "bob is online");
                call(bob, 7, "leave", new byte[0]);
                read(bob);
                Changes left = changes(read(alice));
                assertEquals(1, left.del("online_query"), "bob went offline");
                assertEquals(0, left.ins("my_player_query") + left.del("my_player_query"), "alice's own row did not change");

                DatabaseInfo db = node.lookup(new DatabaseRef.ByName("views")).block();
                assertEquals(1, sql(node, db, aliceId, "SELECT * FROM my_player_query").get(0).rows().size());
                List<SqlStatementResult> online = sql(node, db, aliceId, "SELECT name FROM online_sql WHERE score = 0");
                assertEquals(0, online.get(0).rows().size(), "nobody is online any more");
            } finally {
                server.disposeNow();
            }
        }
    }

    /** The guide's SQL view declares fewer columns than its table: rows are cut to the declared columns. */
    @Test
    void aSqlViewSendsTheColumnsItDeclares(@TempDir Path dir) throws Exception {
        byte[] wasm = Files.readAllBytes(FanOutTest.modulesDistDir().resolve("guide.wasm"));
        try (Node node = Node.open(dir)) {
            DisposableServer server = GatewayServer.builder(TokenService.local(SigningKeys.loadOrCreate(dir)))
                    .withDatabaseService(node).build().bind("127.0.0.1", 0);
            node.create(Optional.of("guide"), OWNER, wasm).get(60, TimeUnit.SECONDS);
            try (WsTestClient c = new WsTestClient(server.port(), "/v1/database/guide/subscribe?compression=None",
                    "v2.bsatn.spacetimedb", null, true)) {
                Identity me = assertInstanceOf(ServerMessage.InitialConnection.class, read(c)).identity();
                c.sendBinary(V2Messages.encode(new ClientMessage.Subscribe(1, new QuerySetId(1),
                        List.of("SELECT * FROM active_users"))));
                assertInstanceOf(ServerMessage.SubscribeApplied.class, read(c));
                call(c, 2, "create_user", new BsatnWriter().writeString("Ada").writeString("ada@example.org").toByteArray());
                Changes created = changes(read(c));
                assertEquals(1, created.ins("active_users"));
                // id u64 (8) + name "Ada" (4 + 3) + online bool (1): the declared ActiveUser, not the users row.
                assertEquals(16, created.insertSizes().get("active_users").get(0));
                DatabaseInfo db = node.lookup(new DatabaseRef.ByName("guide")).block();
                SqlStatementResult r = sql(node, db, me, "SELECT * FROM active_users").get(0);
                assertEquals("[1,\"Ada\",true]", r.rows().get(0).toString());
                assertTrue(r.schema().toString().contains("online") && !r.schema().toString().contains("email"),
                        r.schema().toString());
            } finally {
                server.disposeNow();
            }
        }
    }

    static WsTestClient client(DisposableServer server) {
        return new WsTestClient(server.port(), "/v1/database/views/subscribe?compression=None", "v2.bsatn.spacetimedb",
                null, true);
    }

    static void call(WsTestClient c, int requestId, String reducer, byte[] args) {
        c.sendBinary(V2Messages.encode(ClientMessage.CallReducer.of(requestId, reducer, args)));
    }

    static List<SqlStatementResult> sql(Node node, DatabaseInfo db, Identity who, String sql) {
        return node.sql(db, new Caller(who, "localhost", "test", "token", JSON.createObjectNode()), sql, true).block();
    }

    static Changes changes(ServerMessage m) {
        Map<String, Integer> ins = new HashMap<>();
        Map<String, Integer> del = new HashMap<>();
        Map<String, List<Integer>> sizes = new HashMap<>();
        if (m instanceof ServerMessage.SubscribeApplied s) {
            for (SingleTableRows t : s.rows().tables()) {
                ins.merge(t.table(), t.rows().rowCount(), Integer::sum);
                sizes.put(t.table(), sizes(t.rows()));
            }
            return new Changes(ins, del, sizes);
        }
        TransactionUpdate tu = m instanceof TransactionUpdate t ? t
                : ((ReducerOutcome.Ok) ((ServerMessage.ReducerResult) m).result()).ok().transactionUpdate();
        for (QuerySetUpdate qs : tu.querySets()) {
            for (TableUpdate t : qs.tables()) {
                for (TableUpdateRows r : t.rows()) {
                    TableUpdateRows.PersistentTable p = (TableUpdateRows.PersistentTable) r;
                    ins.merge(t.tableName(), p.inserts().rowCount(), Integer::sum);
                    del.merge(t.tableName(), p.deletes().rowCount(), Integer::sum);
                    sizes.put(t.tableName(), sizes(p.inserts()));
                }
            }
        }
        return new Changes(ins, del, sizes);
    }

    private static List<Integer> sizes(BsatnRowList rows) {
        if (rows.rowCount() == 0) {
            return List.of();
        }
        return List.of(rows.rowsData().length / rows.rowCount());
    }

    static ServerMessage read(WsTestClient c) throws InterruptedException {
        byte[] frame = c.binary.poll(30, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no message within 30 s");
        }
        return V2Messages.decodeServerMessage(CompressionEnvelope.open(frame));
    }
}
