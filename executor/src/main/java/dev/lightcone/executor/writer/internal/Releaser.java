package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.executor.writer.AppliedCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds applied commands back until their record is durable, then records their effects and hands them to
 * listeners, in offset order on its own thread, so the writer never waits for the disk and the effect log never
 * runs ahead of the durable command log.
 *
 * <p>Its thread is woken only by durability: when it waits for an applied command, it asks the log to wake it
 * once that command is durable, and when it has nothing to wait for, the next {@link #submit} asks the same on
 * its behalf. So a record costs the release thread one wake-up per group-commit batch, not one per record plus
 * one per batch: the newest durable offset covers every older one.
 */
public final class Releaser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Releaser.class);
    /** How long closing waits for the records still held back to become durable. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final CommandLog log;
    private final EffectRecorder effects;
    private final ConcurrentLinkedQueue<Held> queue = new ConcurrentLinkedQueue<>();
    private final List<Consumer<AppliedCommand>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Set by the release thread before it parks with nothing queued; the next submit clears it and arranges the wake. */
    private final AtomicBoolean idle = new AtomicBoolean();
    /** Whether a failure of the log to make records durable was reported (once; every later record fails alike). */
    private final AtomicBoolean failureReported = new AtomicBoolean();
    /** The offset the release thread has asked to be woken for (release thread only). */
    private long watched = -1;

    /** An applied command and the effects to record for it once it is durable. */
    private record Held(AppliedCommand applied, RecordedEffects effects) {
        long offset() {
            return applied.offset();
        }
    }

    public Releaser(CommandLog log, EffectRecorder effects, String name) {
        this.log = log;
        this.effects = effects;
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

    /** Queues an applied command, and what to record in the effect log for it, for release; writer thread. */
    public void submit(AppliedCommand c, RecordedEffects recorded) {
        queue.add(new Held(c, recorded));
        if (idle.get() && idle.compareAndSet(true, false)) {
            if (c.offset() <= log.durableOffset()) {
                LockSupport.unpark(thread);
            } else {
                log.whenDurable(c.offset()).whenComplete((o, e) -> LockSupport.unpark(thread));
            }
        }
    }

    private void loop() {
        List<Held> batch = new ArrayList<>();
        while (true) {
            Held head = queue.peek();
            if (head == null) {
                if (!running) {
                    return;
                }
                idle.set(true);
                // Re-check after announcing: a submit that did not see the flag has already queued its command.
                if (queue.peek() == null && running) {
                    LockSupport.park(this);
                }
                idle.set(false);
                continue;
            }
            long durable = log.durableOffset();
            if (head.offset() > durable) {
                if (!running) {
                    durable = awaitDurableOnClose(head.offset());
                    if (durable < head.offset()) {
                        return;
                    }
                } else {
                    waitForDurability(head.offset());
                    continue;
                }
            }
            for (Held c = queue.peek(); c != null && c.offset() <= durable; c = queue.peek()) {
                batch.add(queue.poll());
            }
            release(batch);
            batch.clear();
        }
    }

    /** Parks until {@code offset} is durable (or the log fails: then what waits is withheld). */
    private void waitForDurability(long offset) {
        if (watched != offset) {
            watched = offset;
            log.whenDurable(offset).whenComplete((o, e) -> {
                if (e != null) {
                    if (failureReported.compareAndSet(false, true)) {
                        LOG.error("command log failed before offset {} became durable; results are withheld", offset, e);
                    }
                    withholdUpTo(offset);
                }
                LockSupport.unpark(thread);
            });
        }
        if (log.durableOffset() < offset && queue.peek() != null && queue.peek().offset() == offset) {
            LockSupport.park(this);
        }
    }

    /** Drops queued commands up to {@code offset}: their record will never be durable. */
    private void withholdUpTo(long offset) {
        for (Held c = queue.peek(); c != null && c.offset() <= offset; c = queue.peek()) {
            queue.remove(c);
        }
    }

    private long awaitDurableOnClose(long offset) {
        try {
            return log.whenDurable(offset).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("command log did not make offset {} durable before closing; results are withheld", offset, e);
        }
        return -1;
    }

    private void release(List<Held> batch) {
        for (Held h : batch) {
            effects.record(h.offset(), h.effects());
            AppliedCommand c = h.applied();
            for (Consumer<AppliedCommand> l : listeners) {
                try {
                    l.accept(c);
                } catch (RuntimeException e) {
                    LOG.error("listener failed for command at offset {}", c.offset(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
