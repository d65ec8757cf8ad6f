package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.record.ContentHash;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.host.ModuleCode;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.executor.view.ViewFailedException;
import dev.lightcone.executor.view.ViewTables;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.sats.moduledef.migration.MigrationPlan;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Installs modules: the first publish (or a clearing one) loads the module and runs {@code init}; a
 * later publish loads the new module and migrates the data into it as SpacetimeDB's automatic migration
 * does ({@link SchemaMigration}). Writer-thread confined.
 */
final class ModuleInstaller {
    private final WriterStorage storage;
    private final DatabaseWriter.Options options;
    private final WriterState state;

    ModuleInstaller(WriterStorage storage, DatabaseWriter.Options options, WriterState state) {
        this.storage = storage;
        this.options = options;
        this.state = state;
    }

    /**
     * Applies a publish record; returns why it was refused, or null. A refused publish changes nothing. A first
     * (or clearing) publish runs {@code init}; an update migrates the data (no {@code init}) and, when the plan
     * breaks clients, disconnects every connected client, running the new module's {@code client_disconnected}.
     */
    String publish(PublishModule p, List<TxResult> results) {
        ModuleHost previous = state.host();
        String previousBlob = state.moduleBlob();
        boolean fresh = previous == null || p.clear();
        Optional<MigrationPlan> plan = load(p, !fresh);
        if (!fresh && state.host() != previous) {
            // The update kept the data: the views the new module defines are evaluated anew for every
            // connection that held them; a view failing on the data refuses the update.
            try {
                results.add(state.host().rematerializeViews(previous.schema(), p.timestamp()));
            } catch (ViewFailedException e) {
                state.setModule(previous, previousBlob);
                return "the update's views fail on the current data: " + e.getMessage();
            }
        }
        if (fresh) {
            TxResult init = state.host().init(p.timestamp());
            results.add(init);
            if (!init.outcome().committed()) {
                state.setModule(previous, previousBlob);
                return "init failed: " + describe(init.outcome());
            }
        } else if (plan.isPresent() && plan.get().breaksClients()) {
            for (CallContext client : state.host().connectedClients(p.timestamp())) {
                results.addAll(state.host().disconnect(client));
            }
        }
        return null;
    }

    /**
     * Loads the module of a publish record; {@code keepData} migrates the current data into it (see
     * {@link SchemaMigration}) and returns the plan it applied. An update to the very module that is loaded
     * changes nothing: the host, its instances and its module log stay.
     *
     * @throws ModuleLoadException if the module or the migration is refused; the loaded module stays
     */
    Optional<MigrationPlan> load(PublishModule p, boolean keepData) {
        byte[] bytes = moduleBytes(p.module());
        ModuleHost current = state.host();
        if (keepData && current != null && current.code().hash().equals(ModuleCode.hashOf(bytes))) {
            return Optional.empty();
        }
        ModuleHost next = ModuleHost.load(bytes, options.databaseIdentity(), p.owner(), options.name(), options.host());
        Optional<MigrationPlan> plan = Optional.empty();
        if (keepData && current != null) {
            MigrationPlan planned = SchemaMigration.plan(current, next, p, options.databaseIdentity());
            SchemaMigration.apply(planned, current, next, p.timestamp());
            plan = Optional.of(planned);
        }
        String blob = storage.blobs() == null ? "" : storage.blobs().put(bytes, ContentHash.Algorithm.BLAKE3).toString();
        state.setModule(next, blob);
        return plan;
    }

    /** Loads the module a snapshot names and fills its tables with the snapshot's rows. */
    void restore(SnapshotCodec.Image image) {
        byte[] module = storage.blobs().get(parseHash(image.moduleBlob()))
                .orElseThrow(() -> new IllegalStateException("snapshot refers to missing module blob " + image.moduleBlob()));
        ModuleHost host = ModuleHost.load(module, options.databaseIdentity(), image.owner(), options.name(), options.host());
        state.setModule(host, image.moduleBlob());
        for (Map.Entry<Integer, List<Row>> t : image.tables().entrySet()) {
            host.datastore().load(t.getKey(), t.getValue());
        }
    }

    private byte[] moduleBytes(ModuleSource source) {
        if (source instanceof ModuleSource.Inline i) {
            return i.bytes();
        }
        ContentHash hash = ((ModuleSource.Stored) source).hash();
        if (storage.blobs() == null) {
            throw new ModuleLoadException("module " + hash + " is stored by hash but this database has no blob store");
        }
        return storage.blobs().get(hash).orElseThrow(() -> new ModuleLoadException("module blob " + hash + " is missing"));
    }

    private static ContentHash parseHash(String s) {
        int colon = s.indexOf(':');
        return new ContentHash(ContentHash.Algorithm.valueOf(s.substring(0, colon).toUpperCase(Locale.ROOT)),
                s.substring(colon + 1));
    }

    private static String describe(TxOutcome o) {
        if (o instanceof TxOutcome.Failed f) {
            return f.message();
        }
        if (o instanceof TxOutcome.InternalError e) {
            return e.message() + " (" + e.detail() + ")";
        }
        return "committed";
    }
}
