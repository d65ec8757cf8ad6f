package dev.lightcone.executor.writer.internal;

import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.commitlog.CommandLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds applied commands back until their record is durable, then hands them to listeners in offset
 * order on its own thread, so the writer never waits for the disk. It waits once per batch: the
 * newest applied offset's durability covers every older one.
 */
public final class Releaser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Releaser.class);

    private final CommandLog log;
    private final LinkedBlockingQueue<AppliedCommand> queue = new LinkedBlockingQueue<>();
    private final List<Consumer<AppliedCommand>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Put on the queue by {@link #close()} so the waiting thread notices at once (it waits without a timeout). */
    private static final AppliedCommand STOP = new AppliedCommand(Long.MIN_VALUE, null, List.of(), "stop");

    public Releaser(CommandLog log, String name) {
        this.log = log;
        this.thread = new Thread(this::loop, "lightcone-release-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public Runnable add(Consumer<AppliedCommand> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void submit(AppliedCommand c) {
        queue.add(c);
    }

    private void loop() {
        List<AppliedCommand> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                AppliedCommand first = queue.take();
                if (first == STOP) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                batch.removeIf(c -> c == STOP);
                if (batch.isEmpty()) {
                    continue;
                }
                long newest = batch.get(batch.size() - 1).offset();
                if (log.durableOffset() < newest) {
                    log.whenDurable(newest).get(60, TimeUnit.SECONDS);
                }
                for (AppliedCommand c : batch) {
                    for (Consumer<AppliedCommand> l : listeners) {
                        try {
                            l.accept(c);
                        } catch (RuntimeException e) {
                            LOG.error("listener failed for command at offset {}", c.offset(), e);
                        }
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.error("command log failed before offsets up to {} became durable; results are withheld",
                        batch.isEmpty() ? -1 : batch.get(batch.size() - 1).offset(), e);
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        queue.add(STOP);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
