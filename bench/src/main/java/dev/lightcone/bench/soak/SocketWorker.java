package dev.lightcone.bench.soak;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Keeps one kind of WebSocket connection open for the whole soak: connects, waits while it lives, and connects again
 * after a kill. A connection the server ends while it is up (not killed, not flooded) is unexpected.
 */
final class SocketWorker implements Runnable {
    /** The worker's role without its number: events are counted per role. */
    private final String role;
    private final WsClients clients;
    private final URI uri;
    private final Supplier<? extends SoakSocket> sockets;
    private final SoakStats stats;
    private final ServerState state;
    private final Duration drainTimeout;
    private final Thread thread;
    private volatile boolean stopping;

    SocketWorker(String name, WsClients clients, URI uri, Supplier<? extends SoakSocket> sockets, SoakStats stats,
            ServerState state, Duration drainTimeout) {
        this.role = name.replaceAll("\\d+$", "");
        this.clients = clients;
        this.uri = uri;
        this.sockets = sockets;
        this.stats = stats;
        this.state = state;
        this.drainTimeout = drainTimeout;
        this.thread = new Thread(this, "soak-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks the worker to let the calls under way finish (up to the drain time-out) and close. */
    void requestStop() {
        stopping = true;
    }

    /** Waits for the worker to be done after {@link #requestStop}. */
    void awaitStop() throws InterruptedException {
        thread.join(drainTimeout.toMillis() + 30_000);
    }

    @Override
    public void run() {
        try {
            boolean first = true;
            while (!stopping) {
                if (!first) {
                    Thread.sleep(250);
                }
                first = false;
                long generation = state.generation();
                boolean wasUp = state.isUp();
                SoakSocket s = sockets.get();
                clients.connect(uri, s, false);
                try {
                    s.ready.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    String why = role + ": connect failed (" + SoakSocket.describeFailure(e) + ")";
                    if (wasUp && state.isUp() && state.generation() == generation && !state.isFlooded()) {
                        stats.unexpected(why + " while the server was up");
                    } else {
                        stats.expected(why + (state.isFlooded() ? " during a flood" : " while the server was down"));
                    }
                    s.closeNow();
                    continue;
                }
                while (!stopping && !s.closed.isDone()) {
                    try {
                        s.closed.get(200, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException | ExecutionException e) {
                        // still open
                    }
                }
                if (stopping) {
                    s.finish();
                    try {
                        s.closed.get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (TimeoutException | ExecutionException e) {
                        stats.unexpected(role + ": calls under way did not finish within " + drainTimeout.toSeconds()
                                + " s of the end");
                        s.closeNow();
                    }
                    return;
                }
                stats.reconnects.increment();
                if (state.generation() == generation && state.isUp()) {
                    stats.unexpected(role + ": connection closed by the server while it was up (close code "
                            + s.closeCode + (s.closeReason.isEmpty() ? "" : " " + s.closeReason) + ")");
                } else {
                    stats.expected(role + ": connection lost to a kill");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
