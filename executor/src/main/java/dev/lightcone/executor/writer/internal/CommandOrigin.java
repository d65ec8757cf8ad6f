package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.ClientConnected;
import dev.lightcone.commitlog.record.ClientDisconnected;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.commitlog.record.CommittedEffects;
import dev.lightcone.commitlog.record.NodeGone;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.commitlog.record.RunSql;
import dev.lightcone.commitlog.record.ScheduleFire;
import dev.lightcone.commitlog.record.SubscribeViews;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;

/**
 * Who a record runs as and what it runs: the caller and connection handed to the module, and the
 * reducer, hook or statement named in transaction results, metrics and {@code log inspect}.
 *
 * @param caller     the caller's identity ({@code database} for the database's own records)
 * @param connection the caller's connection, {@link ConnectionId#ZERO} if none
 * @param function   what runs: a reducer or hook name, a scheduled table, {@code sql}; null if nothing named
 */
public record CommandOrigin(Identity caller, ConnectionId connection, String function) {

    /** The origin of {@code command} in the database {@code database}. */
    public static CommandOrigin of(Command command, Identity database) {
        return command.accept(new Command.Visitor<>() {
            @Override
            public CommandOrigin visitPublishModule(PublishModule c) {
                return new CommandOrigin(c.owner(), ConnectionId.ZERO, "init");
            }

            @Override
            public CommandOrigin visitCallReducer(CallReducer c) {
                return new CommandOrigin(c.caller(), c.connectionId(), c.reducer());
            }

            @Override
            public CommandOrigin visitClientConnected(ClientConnected c) {
                return new CommandOrigin(c.identity(), c.connectionId(), "client_connected");
            }

            @Override
            public CommandOrigin visitClientDisconnected(ClientDisconnected c) {
                return new CommandOrigin(c.identity(), c.connectionId(), "client_disconnected");
            }

            @Override
            public CommandOrigin visitScheduleFire(ScheduleFire c) {
                return new CommandOrigin(database, ConnectionId.ZERO, c.tableName());
            }

            @Override
            public CommandOrigin visitCommittedEffects(CommittedEffects c) {
                return new CommandOrigin(database, ConnectionId.ZERO, "procedure");
            }

            @Override
            public CommandOrigin visitNodeGone(NodeGone c) {
                return new CommandOrigin(database, ConnectionId.ZERO, "client_disconnected");
            }

            @Override
            public CommandOrigin visitSubscribeViews(SubscribeViews c) {
                return new CommandOrigin(c.identity(), c.connectionId(), "subscribe to views");
            }

            @Override
            public CommandOrigin visitRunSql(RunSql c) {
                return new CommandOrigin(c.caller(), ConnectionId.ZERO, "sql");
            }
        });
    }
}
