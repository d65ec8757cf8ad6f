package dev.lightcone.gateway.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightcone.commitlog.DiskSpace;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.sats.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The databases of one node on its own disk: {@code <data>/databases/<identity>/meta.json} (identity, owner,
 * names) beside each database's command log (Chronicle Queue), effect log, snapshots and module blobs.
 */
final class LocalCatalog implements DatabaseCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path databasesDir;
    private final DiskSpace space;
    private final Set<String> taken = new HashSet<>();
    private Listener listener;

    LocalCatalog(Path databasesDir, DiskSpace space) {
        this.databasesDir = databasesDir;
        this.space = space;
    }

    @Override
    public void start(Listener l) {
        this.listener = l;
        try {
            Files.createDirectories(databasesDir);
            try (Stream<Path> dirs = Files.list(databasesDir)) {
                for (Path d : dirs.filter(p -> Files.isRegularFile(p.resolve("meta.json"))).sorted().toList()) {
                    CatalogEntry e = read(d.resolve("meta.json"));
                    taken.addAll(e.names());
                    l.added(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the databases in " + databasesDir, e);
        }
    }

    private static CatalogEntry read(Path meta) throws IOException {
        JsonNode m = JSON.readTree(meta.toFile());
        List<String> names = new ArrayList<>();
        m.get("names").forEach(n -> names.add(n.asText()));
        return new CatalogEntry(Identity.fromHex(m.get("identity").asText()), Identity.fromHex(m.get("owner").asText()),
                names);
    }

    @Override
    public synchronized boolean register(CatalogEntry entry) {
        if (entry.names().stream().anyMatch(taken::contains)) {
            return false;
        }
        ObjectNode meta = JSON.createObjectNode().put("identity", entry.identity().toHex())
                .put("owner", entry.owner().toHex());
        var arr = meta.putArray("names");
        entry.names().forEach(arr::add);
        Path dir = databasesDir.resolve(entry.identity().toHex());
        try {
            Path tmp = dir.resolve("meta.json.tmp");
            Files.writeString(tmp, meta.toPrettyString());
            Files.move(tmp, dir.resolve("meta.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("meta.json"), e);
        }
        taken.addAll(entry.names());
        listener.added(entry);
        return true;
    }

    @Override
    public synchronized void unregister(Identity identity) {
        Path meta = databasesDir.resolve(identity.toHex()).resolve("meta.json");
        try {
            if (Files.exists(meta)) {
                taken.removeAll(read(meta).names());
            }
            Files.deleteIfExists(meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + meta, e);
        }
        listener.removed(identity);
    }

    @Override
    public String node() {
        return dev.lightcone.commitlog.record.ClientConnected.LOCAL;
    }

    @Override
    public List<String> goneNodesToEnd(java.util.Collection<String> holding) {
        return List.of();
    }

    @Override
    public WriterStorage storage(Identity identity, Path dir) {
        return WriterStorage.open(dir, space);
    }

    @Override
    public void close() {
    }
}
