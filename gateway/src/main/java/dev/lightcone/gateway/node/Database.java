package dev.lightcone.gateway.node;

import dev.lightcone.commitlog.LogScrubber;
import dev.lightcone.commitlog.chronicle.ChronicleCommandLog;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.log.ModuleLog;
import dev.lightcone.executor.log.ModuleLogFile;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.ingest.DatabaseIngest;
import dev.lightcone.materializer.engine.LoggedDml;
import dev.lightcone.materializer.runtime.DatabaseRuntime;
import dev.lightcone.sats.Identity;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One database served by this node: its way in (ingest, which runs its writer), and its derived state
 * served to clients (the materializer's runtime). The gateway only hands requests to one or the other.
 */
final class Database implements AutoCloseable {
    /** Records that may wait for the writer at once before callers are held back. */
    private static final int MAX_IN_FLIGHT = 4096;
    /** How long a database may take to apply the log it finds when it opens. */
    private static final long CATCH_UP_MINUTES = 10;

    final Identity identity;
    final Identity owner;
    final Path dir;
    final DatabaseIngest ingest;
    final DatabaseWriter writer;
    final DatabaseRuntime runtime;
    /** Reads the whole command log in the background to find old damage (embedded logs; Kafka checks its own). */
    private final LogScrubber scrubber;
    private final java.util.List<io.micrometer.core.instrument.Meter> meters = new java.util.ArrayList<>();
    /** How every database scrubs its log; tests in this package make it brisk. */
    static volatile LogScrubber.Options scrubOptions = LogScrubber.Options.DEFAULT;
    /** The module log on disk: shared by every module the database runs, kept across restarts. */
    private final ModuleLogFile moduleLogFile;

    /**
     * @param sessionBuffer updates one slow client may fall behind before it is cut off
     * @param node          the node serving it (its clients' connections are recorded as this node's)
     */
    Database(Identity identity, Identity owner, Path dir, WriterStorage storage, int sessionBuffer, String node) {
        this.identity = identity;
        this.owner = owner;
        this.dir = dir;
        String name = identity.toHex().substring(0, 12);
        this.moduleLogFile = ModuleLogFile.open(dir.resolve("module-log"), ModuleLogFile.DEFAULT_MAX_BYTES,
                ModuleLogFile.DEFAULT_KEEP);
        try {
            ModuleHost.Options hostOptions = ModuleHost.Options.DEFAULT;
            ModuleLog moduleLog = ModuleLog.persistent(name, hostOptions.logCapacity(), moduleLogFile);
            this.ingest = DatabaseIngest.open(storage, DatabaseWriter.Options.of(identity, name)
                    .withSqlDml(new LoggedDml()).withNode(node).withHost(hostOptions.withModuleLog(moduleLog)),
                    Clock.systemUTC(), MAX_IN_FLIGHT);
            this.writer = ingest.writer();
            this.runtime = DatabaseRuntime.attach(writer, owner, name, sessionBuffer, node);
            catchUp();
        } catch (RuntimeException e) {
            moduleLogFile.close();
            throw e;
        }
        this.scrubber = storage.commands() instanceof ChronicleCommandLog
                ? LogScrubber.start(storage.commands(), name, scrubOptions) : null;
        if (scrubber != null) {
            var registry = io.micrometer.core.instrument.Metrics.globalRegistry;
            meters.add(io.micrometer.core.instrument.Gauge.builder("lightcone.log.damaged.offset", scrubber,
                            LogScrubber::damagedOffset).tag("database", name)
                    .description("offset of the first damaged command-log record the background check found; -1: none")
                    .register(registry));
            meters.add(io.micrometer.core.instrument.FunctionCounter.builder("lightcone.log.verify.passes", scrubber,
                            LogScrubber::passes).tag("database", name)
                    .description("complete background checks of the command log").register(registry));
        }
    }

    /** Waits until the writer has applied the log as far as it reached when the database opened. */
    private void catchUp() {
        long end = writer.storage().commands().endOffset() - 1;
        try {
            writer.awaitApplied(end, CATCH_UP_MINUTES, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while database " + identity + " caught up", e);
        }
    }

    @Override
    public void close() {
        if (scrubber != null) {
            scrubber.close();
            meters.forEach(io.micrometer.core.instrument.Metrics.globalRegistry::remove);
        }
        runtime.close();
        ingest.close();
        writer.storage().close();
        moduleLogFile.close();
    }
}
