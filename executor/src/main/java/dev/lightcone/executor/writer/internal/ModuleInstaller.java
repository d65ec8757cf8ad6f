package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.record.ContentHash;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Sequence;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.executor.view.ViewFailedException;
import dev.lightcone.executor.view.ViewTables;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.sats.moduledef.ModuleSchema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Installs modules: the first publish (or a clearing one) loads the module and runs {@code init}; a
 * later publish loads the new module and moves the rows of every table it keeps. Writer-thread confined.
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

    /** Applies a publish record; returns why it was refused, or null. A refused publish changes nothing. */
    String publish(PublishModule p, List<TxResult> results) {
        ModuleHost previous = state.host();
        String previousBlob = state.moduleBlob();
        boolean fresh = previous == null || p.clear();
        load(p, !fresh);
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
        }
        return null;
    }

    /**
     * Loads the module of a publish record; {@code keepData} moves the current tables' rows into it. An update
     * to the very module that is loaded changes nothing: the host, its instances and its module log stay.
     */
    void load(PublishModule p, boolean keepData) {
        byte[] bytes = moduleBytes(p.module());
        if (keepData && state.host() != null
                && state.host().code().hash().equals(dev.lightcone.executor.host.ModuleCode.hashOf(bytes))) {
            return;
        }
        ModuleHost next = ModuleHost.load(bytes, options.databaseIdentity(), p.owner(), options.name(), options.host());
        if (keepData && state.host() != null) {
            migrate(state.host(), next);
        }
        String blob = storage.blobs() == null ? "" : storage.blobs().put(bytes, ContentHash.Algorithm.BLAKE3).toString();
        state.setModule(next, blob);
    }

    /** Loads the module a snapshot names and fills its tables with the snapshot's rows. */
    void restore(SnapshotCodec.Image image) {
        byte[] module = storage.blobs().get(parseHash(image.moduleBlob()))
                .orElseThrow(() -> new IllegalStateException("snapshot refers to missing module blob " + image.moduleBlob()));
        ModuleHost host = ModuleHost.load(module, options.databaseIdentity(), image.owner(), options.name(), options.host());
        state.setModule(host, image.moduleBlob());
        for (Map.Entry<Integer, Row[]> t : image.tables().entrySet()) {
            host.datastore().load(t.getKey(), Arrays.asList(t.getValue()));
        }
    }

    /**
     * Moves every row from the old module's tables into the new module's tables of the same name and
     * row type. Tables whose row type changed are refused; see the compatibility table in the docs.
     */
    private static void migrate(ModuleHost from, ModuleHost to) {
        Map<String, Table> target = new LinkedHashMap<>();
        for (Table t : to.datastore().tables()) {
            target.put(t.name(), t);
        }
        for (Table old : from.datastore().tables()) {
            if (ViewTables.isViewTable(old.id())) {
                continue; // materialized views are evaluated anew by the new module
            }
            Table t = target.get(old.name());
            if (t == null) {
                if (old.size() > 0 && old.id() >= ModuleSchema.FIRST_USER_TABLE_ID) {
                    throw new ModuleLoadException("the update removes table `" + old.name() + "`, which holds rows");
                }
                continue;
            }
            if (!t.schema().rowType().equals(old.schema().rowType())) {
                throw new ModuleLoadException("the update changes the columns of table `" + old.name()
                        + "`; this needs a manual migration or publishing with clear");
            }
            to.datastore().load(t.id(), old.rows());
            for (Sequence s : t.sequences()) {
                for (Sequence o : old.sequences()) {
                    if (o.schema().column() == s.schema().column()) {
                        s.restore(o.peek(), o.exhausted());
                    }
                }
            }
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
