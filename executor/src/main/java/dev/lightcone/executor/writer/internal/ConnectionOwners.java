package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.record.ClientConnected;
import dev.lightcone.commitlog.record.ClientDisconnected;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.commitlog.record.NodeGone;
import dev.lightcone.sats.ConnectionId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which node holds each connected client, as the log says: set by a committed {@code ClientConnected},
 * cleared by its {@code ClientDisconnected} or its node's {@code NodeGone}. Part of snapshots, so that a
 * node that died can have its clients disconnected by another. Writer-thread confined.
 */
public final class ConnectionOwners {
    /** Connection (hex, for a deterministic order) to node. */
    private final TreeMap<String, String> owners = new TreeMap<>();

    /** Follows one applied record; {@code committed} tells whether its first transaction committed. */
    void follow(Command command, boolean committed) {
        if (command instanceof ClientConnected c && committed) {
            owners.put(c.connectionId().toHex(), c.node());
        } else if (command instanceof ClientDisconnected d) {
            owners.remove(d.connectionId().toHex());
        } else if (command instanceof NodeGone g) {
            owners.values().removeIf(g.node()::equals);
        }
    }

    /** The node holding {@code connection}; {@link ClientConnected#LOCAL} if the log never said. */
    public String ownerOf(ConnectionId connection) {
        return owners.getOrDefault(connection.toHex(), ClientConnected.LOCAL);
    }

    /** Every node that holds a connection now. */
    public List<String> nodes() {
        return owners.values().stream().distinct().sorted().toList();
    }

    Map<String, String> copy() {
        return new TreeMap<>(owners);
    }

    void restore(Map<String, String> saved) {
        owners.clear();
        owners.putAll(saved);
    }
}
