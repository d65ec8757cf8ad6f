package dev.lightcone.materializer.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Groups what the delivery thread hands each client into bursts: a client that gets an update joins the current
 * burst, and its updates are handed on together once the delivery thread has run out of queued work (a task
 * queued behind everything else) — all the transactions one durability mark released, as one batch: one hand-off
 * to its connection and one write. A long burst (the writer keeps the queue full) is cut every
 * {@value #MAX_BURST_UPDATES} updates, so clients are never held back waiting for the queue to empty. Delivery
 * thread only.
 *
 * @param <S> the clients' sessions
 */
public final class DeliveryBursts<S> {
    /** The most updates, over all clients, held back in one burst before they are handed on anyway. */
    public static final int MAX_BURST_UPDATES = 4_096;

    private final Consumer<Runnable> afterQueuedWork;
    private final Consumer<S> flush;
    private List<S> joined = new ArrayList<>();
    private boolean endScheduled;
    private int updates;

    /**
     * @param afterQueuedWork runs a task on the delivery thread after everything already queued there
     * @param flush           hands one session's updates of the burst on (must not throw)
     */
    public DeliveryBursts(Consumer<Runnable> afterQueuedWork, Consumer<S> flush) {
        this.afterQueuedWork = afterQueuedWork;
        this.flush = flush;
    }

    /** {@code session} got its first update of this burst. */
    public void join(S session) {
        if (!endScheduled) {
            endScheduled = true;
            afterQueuedWork.accept(() -> {
                endScheduled = false;
                end();
            });
        }
        joined.add(session);
    }

    /** {@code n} more updates were delivered into the burst; a long burst ends here. */
    public void delivered(int n) {
        updates += n;
        if (updates >= MAX_BURST_UPDATES) {
            end();
        }
    }

    /** Hands every joined session's updates on. */
    private void end() {
        updates = 0;
        if (joined.isEmpty()) {
            return;
        }
        List<S> ending = joined;
        joined = new ArrayList<>();
        for (S s : ending) {
            flush.accept(s);
        }
    }
}
