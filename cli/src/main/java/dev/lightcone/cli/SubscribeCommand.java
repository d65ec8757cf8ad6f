package dev.lightcone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.QuerySetUpdate;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.SingleTableRows;
import dev.lightcone.gateway.protocol.TableUpdate;
import dev.lightcone.gateway.protocol.TableUpdateRows;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.gateway.protocol.v2.V2FrameCodec;
import dev.lightcone.gateway.protocol.v3.V3FrameCodec;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.moduledef.ModuleSchema;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightcone subscribe DB QUERY... [-n N] [--print-initial]}: subscribes over the WebSocket and prints every
 * {@code TransactionUpdate} as a line of JSON, {@code {"<table>":{"deletes":[…],"inserts":[…]}}}, rows decoded with
 * the module's schema (hex when a row does not decode). Progress notes go to standard error.
 */
@Command(name = "subscribe", mixinStandardHelpOptions = true,
        description = "Subscribe to queries and print each update as a line of JSON.")
public final class SubscribeCommand implements Callable<Integer> {
    /** Which subprotocols to offer. */
    enum Protocol { v2, v3, any }

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "DB", description = "The database name or identity.")
    String database;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "QUERY", description = "SQL queries (one query set).")
    List<String> queries;

    @Option(names = {"-n", "--num-updates"}, paramLabel = "N", description = "Stop after N updates.")
    Integer numUpdates;

    @Option(names = "--print-initial", description = "Print the rows matching the queries when subscribing.")
    boolean printInitial;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS",
            description = "Stop after this many seconds (an error if fewer than N updates arrived).")
    Integer timeoutSeconds;

    @Option(names = "--protocol", paramLabel = "v2|v3|any", defaultValue = "any",
            description = "WebSocket subprotocol to offer (default: ${DEFAULT-VALUE}, preferring v3).")
    Protocol protocol;

    @Override
    public Integer call() throws InterruptedException {
        if (numUpdates != null && numUpdates < 0) {
            throw CliException.usage("--num-updates must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerClient server = ServerClient.open(client, err);
        Optional<ModuleSchema> schema = schema(server, err);
        List<String> offered = switch (protocol) {
            case v2 -> List.of(V2FrameCodec.SUBPROTOCOL);
            case v3 -> List.of(V3FrameCodec.SUBPROTOCOL);
            case any -> List.of(V3FrameCodec.SUBPROTOCOL, V2FrameCodec.SUBPROTOCOL);
        };
        long deadline = timeoutSeconds == null ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutSeconds * 1000L;
        try (SubscriptionSocket socket = SubscriptionSocket.open(server, database, offered)) {
            socket.send(new ClientMessage.Subscribe(0, QuerySetId.of(0), queries));
            int seen = 0;
            boolean applied = false;
            while (!applied || numUpdates == null || seen < numUpdates) {
                ServerMessage m = socket.next(deadline == Long.MAX_VALUE ? -1
                        : Math.max(0, deadline - System.currentTimeMillis()));
                if (m == null) {
                    if (!applied) {
                        throw new CliException("timed out after " + timeoutSeconds + " s waiting for the subscription");
                    }
                    if (numUpdates != null) {
                        throw new CliException("timed out after " + timeoutSeconds + " s with " + seen + " of "
                                + numUpdates + " updates");
                    }
                    return 0;
                }
                if (m instanceof ServerMessage.InitialConnection c) {
                    note(err, "connected as " + c.identity().toHex() + " (" + socket.subprotocol() + ")");
                } else if (m instanceof ServerMessage.SubscribeApplied a) {
                    applied = true;
                    if (printInitial) {
                        print(out, initial(a.rows().tables(), schema));
                    }
                    note(err, "subscribed to " + queries.size() + (queries.size() == 1 ? " query" : " queries"));
                } else if (m instanceof ServerMessage.SubscriptionError e) {
                    throw new CliException("the subscription failed: " + e.error());
                } else if (m instanceof TransactionUpdate u) {
                    ObjectNode line = update(u, schema);
                    if (line.size() > 0) {
                        print(out, line);
                        seen++;
                    }
                }
            }
        }
        return 0;
    }

    private Optional<ModuleSchema> schema(ServerClient server, PrintWriter err) {
        try {
            return Optional.of(ModuleSchemas.fetch(server, database));
        } catch (ServerException e) {
            throw e;
        } catch (CliException e) {
            note(err, "rows will be printed as hex: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static void note(PrintWriter err, String text) {
        err.println(text);
        err.flush();
    }

    private static void print(PrintWriter out, JsonNode line) {
        out.println(line);
        out.flush();
    }

    private static ObjectNode initial(List<SingleTableRows> tables, Optional<ModuleSchema> schema) {
        ObjectNode line = ServerClient.JSON.createObjectNode();
        for (SingleTableRows t : tables) {
            ObjectNode entry = entry(line, t.table());
            addRows((ArrayNode) entry.get("inserts"), t.table(), t.rows(), schema);
        }
        return line;
    }

    /** One line for a transaction: every table's deletes and inserts over all query sets. */
    static ObjectNode update(TransactionUpdate u, Optional<ModuleSchema> schema) {
        ObjectNode line = ServerClient.JSON.createObjectNode();
        for (QuerySetUpdate qs : u.querySets()) {
            for (TableUpdate t : qs.tables()) {
                ObjectNode entry = entry(line, t.tableName());
                for (TableUpdateRows rows : t.rows()) {
                    if (rows instanceof TableUpdateRows.PersistentTable p) {
                        addRows((ArrayNode) entry.get("deletes"), t.tableName(), p.deletes(), schema);
                        addRows((ArrayNode) entry.get("inserts"), t.tableName(), p.inserts(), schema);
                    } else {
                        addRows((ArrayNode) entry.get("inserts"), t.tableName(),
                                ((TableUpdateRows.EventTable) rows).events(), schema);
                    }
                }
            }
        }
        return line;
    }

    private static ObjectNode entry(ObjectNode line, String table) {
        if (line.get(table) instanceof ObjectNode existing) {
            return existing;
        }
        ObjectNode e = line.putObject(table);
        e.putArray("deletes");
        e.putArray("inserts");
        return e;
    }

    private static void addRows(ArrayNode into, String table, BsatnRowList rows, Optional<ModuleSchema> schema) {
        Optional<ProductType> t = schema.flatMap(s -> s.rowTypeOf(table));
        for (byte[] row : rows.rows()) {
            into.add(t.map(type -> decode(type, row, schema.get()))
                    .orElseGet(() -> ServerClient.JSON.getNodeFactory().textNode(HexFormat.of().formatHex(row))));
        }
    }

    private static JsonNode decode(ProductType rowType, byte[] row, ModuleSchema schema) {
        try {
            return Values.json(rowType, Bsatn.decodeWith(rowType, row, schema.typespace()), schema.typespace());
        } catch (RuntimeException e) {
            return ServerClient.JSON.getNodeFactory().textNode(HexFormat.of().formatHex(row));
        }
    }
}
