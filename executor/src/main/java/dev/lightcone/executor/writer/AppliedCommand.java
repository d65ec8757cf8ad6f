package dev.lightcone.executor.writer;

import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Timestamp;
import java.util.Optional;

import dev.lightcone.commitlog.record.Command;
import dev.lightcone.executor.TxEffect;
import java.util.List;

/**
 * A command the writer has applied, with every transaction it ran. Handed downstream in offset order.
 *
 * @param offset       the command's log offset
 * @param command      the command
 * @param transactions the transactions it ran, in order (may be empty: e.g. a cancelled schedule)
 * @param error        why the command could not run at all (e.g. a module that failed to load), or null
 */
public record AppliedCommand(long offset, Command command, List<TxEffect> transactions, String error) {
    public AppliedCommand {
        transactions = List.copyOf(transactions);
    }

    /**
     * A client's reducer call: the connection that made it and the request id it expects in the reply.
     *
     * @param connection the calling connection ({@link ConnectionId#ZERO} for calls made over HTTP or by the database)
     * @param requestId  the client's request id
     * @param timestamp  the call's timestamp
     */
    public record ReducerRequest(ConnectionId connection, int requestId, Timestamp timestamp) {
    }

    /** The node whose connections this record ended ({@code NodeGone}), if it is one. */
    /** Why the record did not commit: its refusal, or the message of its first transaction that failed. */
    public Optional<String> failure() {
        if (error != null) {
            return Optional.of(error);
        }
        for (TxEffect t : transactions) {
            if (t.outcome() instanceof dev.lightcone.executor.TxOutcome.Failed f) {
                return Optional.of(f.message());
            }
            if (t.outcome() instanceof dev.lightcone.executor.TxOutcome.InternalError e) {
                return Optional.of(e.message());
            }
        }
        return Optional.empty();
    }

    public Optional<String> endedNode() {
        return command instanceof dev.lightcone.commitlog.record.NodeGone g ? Optional.of(g.node()) : Optional.empty();
    }

    /**
     * The connections a module update disconnected (a client-breaking migration ends every connection, running
     * the new module's {@code client_disconnected}); empty for any other record.
     */
    public List<ConnectionId> disconnectedByUpdate() {
        if (!(command instanceof dev.lightcone.commitlog.record.PublishModule) || error != null) {
            return List.of();
        }
        List<ConnectionId> out = new java.util.ArrayList<>();
        for (TxEffect tx : transactions) {
            if (!tx.committed()) {
                continue;
            }
            for (dev.lightcone.executor.datastore.TableChanges tc : tx.changes()) {
                if (tc.tableId() == dev.lightcone.executor.datastore.SystemTables.ST_CLIENT_ID) {
                    for (dev.lightcone.executor.datastore.Row r : tc.deletes()) {
                        out.add(ConnectionId.fromLittleEndian(java.util.Arrays.copyOfRange(r.bytes(), 32, 48)));
                    }
                }
            }
        }
        return out;
    }

    /** The client reducer call this record is, if it is one. */
    public Optional<ReducerRequest> reducerRequest() {
        return command instanceof CallReducer r
                ? Optional.of(new ReducerRequest(r.connectionId(), r.requestId(), r.timestamp()))
                : Optional.empty();
    }
}
