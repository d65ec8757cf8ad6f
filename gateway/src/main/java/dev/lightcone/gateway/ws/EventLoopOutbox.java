package dev.lightcone.gateway.ws;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket work for the connections of one event loop, run in as few tasks as possible: the first post while no task is
 * pending schedules one, later posts only queue behind it. When a delivery burst reaches a thousand clients served by
 * two event loops, each loop is woken once and writes every client's frames in one task, instead of being handed a
 * thousand tasks (each a wake-up of the loop for the thread that hands it over); and each connection is flushed once per
 * run, however many batches it got. Work runs in the order it was posted.
 */
final class EventLoopOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopOutbox.class);
    /** Work items one task runs before it yields the loop to its sockets' reads (and schedules itself again). */
    static final int MAX_PER_TASK = 4_096;

    private final EventLoop loop;
    private final Queue<Runnable> work = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Flushes asked for by this run's work, done once each when the run ends (event loop only). */
    private final List<Runnable> flushes = new ArrayList<>();

    private EventLoopOutbox(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code task} on the event loop after everything posted before it; any thread. */
    void post(Runnable task) {
        work.offer(task);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    /**
     * On the event loop, from posted work: runs {@code flush} once this run of work ends, so a connection that got
     * several batches in one run is flushed (one system call) once. The caller makes sure it asks once per run.
     */
    void flushAtEnd(Runnable flush) {
        flushes.add(flush);
    }

    private void schedule() {
        try {
            loop.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down with the server: its sockets are closing and nothing queued can be written.
            LOG.debug("event loop refused the outbox task; dropping {} queued writes", work.size());
            work.clear();
            scheduled.set(false);
        }
    }

    private void drain() {
        // Cleared before polling: work posted from now on is either seen by this run or schedules the next one.
        scheduled.set(false);
        for (int i = 0; i < MAX_PER_TASK; i++) {
            Runnable task = work.poll();
            if (task == null) {
                break;
            }
            run(task);
        }
        for (Runnable flush : flushes) {
            run(flush);
        }
        flushes.clear();
        if (!work.isEmpty() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("a socket write task failed; the loop's other connections go on", e);
        }
    }

    /** One outbox per event loop, made when the loop's first WebSocket opens. */
    static final class PerLoop {
        private final Map<EventLoop, EventLoopOutbox> outboxes = new ConcurrentHashMap<>();

        /** The outbox of {@code loop}. */
        EventLoopOutbox of(EventLoop loop) {
            return outboxes.computeIfAbsent(loop, EventLoopOutbox::new);
        }
    }
}
