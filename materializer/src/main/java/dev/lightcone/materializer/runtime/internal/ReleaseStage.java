package dev.lightcone.materializer.runtime.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Confirmed reads: holds each batch of messages until the record it follows is durable, then lets it
 * go, batches in offset order. Messages for clients that asked for unconfirmed reads go at once.
 * Confined to the delivery thread (a stage of the runtime's Flux).
 *
 * @param <M> an outgoing message
 */
public final class ReleaseStage<M> {
    /** What the stage is fed: batches from the writer and durability marks from the log. */
    public sealed interface Event<M> {
    }

    /**
     * Messages computed after the record at {@code offset} (-1: not tied to a record; they go at once).
     *
     * @param confirmed   messages for clients that read only durable state
     * @param unconfirmed messages for clients that asked for {@code confirmed=false}
     */
    public record Batch<M>(long offset, List<M> confirmed, List<M> unconfirmed) implements Event<M> {
    }

    /** Every record up to {@code offset} is durable. */
    public record Durable<M>(long offset) implements Event<M> {
    }

    private final ArrayDeque<Batch<M>> waiting = new ArrayDeque<>();
    private long durable = -1;

    /** The messages that may go out now, in order. */
    public List<M> accept(Event<M> event) {
        List<M> now = List.of();
        if (event instanceof Batch<M> b) {
            now = b.unconfirmed();
            if (b.offset() <= durable) {
                now = concat(now, b.confirmed());
            } else if (!b.confirmed().isEmpty()) {
                waiting.addLast(b);
            }
        } else {
            durable = Math.max(durable, ((Durable<M>) event).offset());
        }
        if (waiting.isEmpty() || waiting.peekFirst().offset() > durable) {
            return now;
        }
        // A durable mark often releases many batches at once: size the list once.
        int n = now.size();
        for (Batch<M> w : waiting) {
            if (w.offset() > durable) {
                break;
            }
            n += w.confirmed().size();
        }
        List<M> out = new ArrayList<>(n);
        out.addAll(now);
        while (!waiting.isEmpty() && waiting.peekFirst().offset() <= durable) {
            out.addAll(waiting.pollFirst().confirmed());
        }
        return out;
    }

    private static <M> List<M> concat(List<M> a, List<M> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        List<M> both = new ArrayList<>(a.size() + b.size());
        both.addAll(a);
        both.addAll(b);
        return both;
    }
}
