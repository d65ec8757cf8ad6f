package dev.lightcone.ingest;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.ClientConnected;
import dev.lightcone.commitlog.record.ClientDisconnected;
import dev.lightcone.commitlog.record.Command;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The way into one database: turns requests into command-log records stamped with a timestamp, and
 * completes each caller's future with the applied command once its record is durable. Bounds the
 * number of records appended but not yet released, so a lagging writer slows callers down instead
 * of growing memory. Thread-safe.
 */
public final class DatabaseIngest implements AutoCloseable {
    private final CommandLog log;
    private final Clock clock;
    private final Semaphore inFlight;
    private final int maxInFlight;
    /**
     * Guards appends and the pending map together, so a result can never arrive before its waiter. It is
     * the writer's append lock, so a procedure transaction holding it orders every append around itself.
     */
    private final Object lock;
    private final Map<Long, CompletableFuture<AppliedCommand>> pending = new HashMap<>();
    private final Runnable unsubscribe;
    private long lastMicros;

    public DatabaseIngest(DatabaseWriter writer, Clock clock, int maxInFlight) {
        this.log = writer.storage().commands();
        this.lock = writer.appendLock();
        this.clock = clock;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.unsubscribe = writer.onDurable(this::released);
    }

    /** A timestamp for a new record: the wall clock, but never earlier than the previous one. */
    public Timestamp stamp() {
        synchronized (lock) {
            long now = Timestamp.ofInstant(clock.instant()).micros();
            lastMicros = Math.max(now, lastMicros + 1);
            return new Timestamp(lastMicros);
        }
    }

    /** Appends a reducer call. */
    public CompletableFuture<AppliedCommand> callReducer(Identity caller, ConnectionId connection, int requestId,
            String reducer, byte[] args) {
        return submit(new CallReducer(caller, connection, requestId, stamp(), reducer, args));
    }

    /** Appends a client connection (runs {@code client_connected}). */
    public CompletableFuture<AppliedCommand> connect(Identity identity, ConnectionId connection, String jwtPayload) {
        return submit(new ClientConnected(identity, connection, stamp(), jwtPayload));
    }

    /** Appends a client disconnection (runs {@code client_disconnected}). */
    public CompletableFuture<AppliedCommand> disconnect(Identity identity, ConnectionId connection) {
        return submit(new ClientDisconnected(identity, connection, stamp()));
    }

    /** Appends a module publish or update. */
    public CompletableFuture<AppliedCommand> publish(Identity database, Identity owner, byte[] wasm, boolean clear) {
        return submit(new PublishModule(database, owner, new ModuleSource.Inline(wasm), clear, stamp()));
    }

    /**
     * Appends any command and returns a future completed once it is applied and durable. Blocks while
     * {@code maxInFlight} commands are already waiting (back-pressure).
     */
    public CompletableFuture<AppliedCommand> submit(Command command) {
        try {
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                return CompletableFuture.failedFuture(new IngestOverloadedException(maxInFlight));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<AppliedCommand> f = new CompletableFuture<>();
        try {
            synchronized (lock) {
                long offset = log.append(command);
                pending.put(offset, f);
            }
        } catch (RuntimeException e) {
            inFlight.release();
            return CompletableFuture.failedFuture(e);
        }
        return f;
    }

    private void released(AppliedCommand c) {
        CompletableFuture<AppliedCommand> f;
        synchronized (lock) {
            f = pending.remove(c.offset());
        }
        if (f != null) {
            inFlight.release();
            f.complete(c);
        }
    }

    /** Commands appended through this ingest and not yet released. */
    public int pending() {
        synchronized (lock) {
            return pending.size();
        }
    }

    @Override
    public void close() {
        unsubscribe.run();
        synchronized (lock) {
            for (CompletableFuture<AppliedCommand> f : pending.values()) {
                f.completeExceptionally(new IllegalStateException("ingest closed before the command was released"));
            }
            pending.clear();
        }
    }
}
