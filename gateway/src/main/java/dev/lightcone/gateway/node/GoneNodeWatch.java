package dev.lightcone.gateway.node;

import dev.lightcone.executor.writer.SystemRequest;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In a cluster, every few seconds: the clients that nodes which are gone held are disconnected, through the
 * log (a {@code NodeGone} record), by one live node ({@link DatabaseCatalog#goneNodesToEnd} decides which).
 */
final class GoneNodeWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GoneNodeWatch.class);
    private static final long PERIOD_SECONDS = 2;

    private final DatabaseCatalog catalog;
    private final Supplier<Collection<Database>> databases;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lightcone-node-watch");
        t.setDaemon(true);
        return t;
    });

    GoneNodeWatch(DatabaseCatalog catalog, Supplier<Collection<Database>> databases) {
        this.catalog = catalog;
        this.databases = databases;
    }

    /** Starts checking every {@value #PERIOD_SECONDS} seconds. */
    GoneNodeWatch start() {
        timer.scheduleWithFixedDelay(this::checkOnce, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    private void checkOnce() {
        for (Database db : databases.get()) {
            try {
                var holding = db.writer.submit(db.writer::nodesHoldingClients).get(30, TimeUnit.SECONDS);
                for (String gone : catalog.goneNodesToEnd(holding)) {
                    LOG.info("node {} is gone; disconnecting its clients of database {}", gone, db.identity);
                    db.ingest.submit(new SystemRequest.EndNode(gone));
                }
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.warn("could not check for gone nodes in database {}", db.identity, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
