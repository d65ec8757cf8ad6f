package dev.lightcone.gateway.node;

import dev.lightcone.commitlog.kafka.KafkaCommandLog;
import dev.lightcone.commitlog.kafka.KafkaLogOptions;
import dev.lightcone.commitlog.kafka.KafkaMembership;
import dev.lightcone.commitlog.kafka.KafkaRecordTopic;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The databases of a cluster: a Kafka topic ({@code <prefix>_catalog}) of "added" and "removed" records
 * that every node reads whole and follows, so every node serves every database. Each database's command
 * log is its own topic; its effect log, snapshots and module blobs stay on each node. Conflicts (two nodes
 * taking one name at once) are decided by the topic's order, identically on every node: the first record
 * wins and the later one is ignored everywhere.
 *
 * <pre>
 * record: u8 kind (0 added, 1 removed) | identity (32 bytes LE) | when added: owner (32 bytes LE), u32 count, names
 * </pre>
 */
final class ClusterCatalog implements DatabaseCatalog {
    private static final int ADDED = 0;
    private static final int REMOVED = 1;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaLogOptions options;
    private final KafkaRecordTopic topic;
    private final String node;
    private final Duration sessionTimeout;
    private KafkaMembership membership;
    /** Follower-thread state: what the topic says so far. */
    private final Map<Identity, CatalogEntry> live = new HashMap<>();
    private final Map<String, Identity> names = new HashMap<>();
    private Listener listener;

    /**
     * @param dataDir        this node's data directory, which keeps its name across restarts ({@code node-id})
     * @param sessionTimeout how long a silent node counts as alive
     */
    ClusterCatalog(KafkaLogOptions options, Path dataDir, Duration sessionTimeout) {
        this.options = options;
        this.node = nodeName(dataDir);
        this.sessionTimeout = sessionTimeout;
        this.topic = KafkaRecordTopic.open(options, "_catalog");
    }

    /** This node's stable name: made once and kept in {@code <data>/node-id}. */
    private static String nodeName(Path dataDir) {
        Path file = dataDir.resolve("node-id");
        try {
            java.nio.file.Files.createDirectories(dataDir);
            if (java.nio.file.Files.exists(file)) {
                return java.nio.file.Files.readString(file).trim();
            }
            String name = "node-" + java.util.UUID.randomUUID();
            java.nio.file.Files.writeString(file, name);
            return name;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read or write " + file, e);
        }
    }

    @Override
    public void start(Listener l) {
        this.listener = l;
        // A member before serving anything, so no other node takes this node's clients for a dead node's.
        membership = KafkaMembership.join(options, options.topicPrefix() + "_catalog", node, sessionTimeout);
        topic.follow(this::handle);
    }

    @Override
    public String node() {
        return node;
    }

    /** The gone nodes among {@code holding}, if this is the live node with the smallest name (it ends them). */
    @Override
    public List<String> goneNodesToEnd(java.util.Collection<String> holding) {
        java.util.Set<String> live = membership.liveNodes();
        if (live.isEmpty() || !node.equals(java.util.Collections.min(live))) {
            return List.of();
        }
        return holding.stream().filter(n -> !n.isEmpty() && !live.contains(n)).sorted().toList();
    }

    private synchronized void handle(long offset, byte[] record) {
        BsatnReader r = new BsatnReader(record);
        int kind = r.readU8();
        Identity id = Identity.fromLittleEndian(r.readRaw(32));
        if (kind == REMOVED) {
            CatalogEntry gone = live.remove(id);
            if (gone != null) {
                gone.names().forEach(n -> names.remove(n, id));
                listener.removed(id);
            }
            return;
        }
        Identity owner = Identity.fromLittleEndian(r.readRaw(32));
        int n = r.readLength(4);
        List<String> ns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ns.add(r.readString());
        }
        if (live.containsKey(id) || ns.stream().anyMatch(names::containsKey)) {
            return;
        }
        CatalogEntry e = new CatalogEntry(id, owner, ns);
        live.put(id, e);
        ns.forEach(name -> names.put(name, id));
        listener.added(e);
    }

    @Override
    public boolean register(CatalogEntry entry) {
        BsatnWriter w = new BsatnWriter().writeU8(ADDED).writeRaw(entry.identity().toLittleEndian())
                .writeRaw(entry.owner().toLittleEndian()).writeU32(entry.names().size());
        entry.names().forEach(w::writeString);
        topic.awaitHandled(topic.append(w.toByteArray()), WAIT);
        synchronized (this) {
            return entry.equals(live.get(entry.identity()));
        }
    }

    @Override
    public void unregister(Identity identity) {
        topic.awaitHandled(topic.append(new BsatnWriter().writeU8(REMOVED).writeRaw(identity.toLittleEndian())
                .toByteArray()), WAIT);
    }

    @Override
    public WriterStorage storage(Identity identity, Path dir) {
        return WriterStorage.withCommandLog(dir, KafkaCommandLog.open(options, identity.toHex()));
    }

    @Override
    public void close() {
        if (membership != null) {
            membership.close();
        }
        topic.close();
    }
}
