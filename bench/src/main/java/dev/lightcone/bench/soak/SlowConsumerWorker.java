package dev.lightcone.bench.soak;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@link SlowConsumer} after another while the server is up: each reads nothing for a while, then reads what
 * is left to learn how the server ended it. Outcomes are counted by kind ({@code closed 1013 (client too slow: …)}).
 */
final class SlowConsumerWorker implements Runnable {
    private final WsClients clients;
    private final URI uri;
    private final int querySets;
    private final int starveSeconds;
    private final ServerState state;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final Thread thread = new Thread(this, "soak-slow-consumer");
    private volatile boolean stopping;
    private final java.util.concurrent.atomic.AtomicLong opened = new java.util.concurrent.atomic.AtomicLong();

    SlowConsumerWorker(WsClients clients, URI uri, int querySets, int starveSeconds, ServerState state) {
        this.clients = clients;
        this.uri = uri;
        this.querySets = querySets;
        this.starveSeconds = starveSeconds;
        this.state = state;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(60_000);
    }

    /** Slow consumers the server accepted (got as far as {@code InitialConnection}). */
    long opened() {
        return opened.get();
    }

    synchronized Map<String, Integer> outcomes() {
        return new TreeMap<>(outcomes);
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                if (!state.isUp() || state.isFlooded()) {
                    Thread.sleep(200);
                    continue;
                }
                once();
                Thread.sleep(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void once() throws InterruptedException {
        long generation = state.generation();
        SlowConsumer s = new SlowConsumer(querySets);
        clients.connect(uri, s, true);
        try {
            s.ready.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            s.closeNow();
            return; // the server went down meanwhile; the workers count such failures
        }
        opened.incrementAndGet();
        boolean interrupted = false;
        try {
            Thread.sleep(starveSeconds * 1000L);
        } catch (InterruptedException e) {
            interrupted = true; // the soak ends: still read what is there, briefly
        }
        s.resume();
        boolean ended = true;
        try {
            s.closed.get(interrupted ? 2 : 30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            ended = false;
        }
        String outcome;
        if (s.closeCode >= 0) {
            outcome = "closed by the server: " + s.closeCode + " " + s.closeReason;
        } else if (state.generation() != generation) {
            outcome = "ended by a kill before the server closed it";
        } else if (ended) {
            outcome = "dropped by the server without a close frame";
        } else {
            outcome = "still open after " + starveSeconds + " s unread (closed by the soak)";
            s.closeNow();
        }
        synchronized (this) {
            outcomes.merge(outcome.length() > 120 ? outcome.substring(0, 120) + "…" : outcome, 1, Integer::sum);
        }
        if (interrupted) {
            throw new InterruptedException("the soak ends");
        }
    }
}
