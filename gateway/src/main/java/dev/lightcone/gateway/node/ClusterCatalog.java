package dev.lightcone.gateway.node;

import dev.lightcone.commitlog.kafka.KafkaCommandLog;
import dev.lightcone.commitlog.kafka.KafkaLogOptions;
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
    /** Follower-thread state: what the topic says so far. */
    private final Map<Identity, CatalogEntry> live = new HashMap<>();
    private final Map<String, Identity> names = new HashMap<>();
    private Listener listener;

    ClusterCatalog(KafkaLogOptions options) {
        this.options = options;
        this.topic = KafkaRecordTopic.open(options, "_catalog");
    }

    @Override
    public void start(Listener l) {
        this.listener = l;
        topic.follow(this::handle);
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
        topic.close();
    }
}
