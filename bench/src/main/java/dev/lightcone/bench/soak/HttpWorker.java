package dev.lightcone.bench.soak;

import java.io.IOException;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * HTTP traffic: {@code POST /call/send_message} with a marker (a 200 acknowledges it), {@code POST /call/transfer},
 * and confirmed SQL reads: one account, or a message acknowledged earlier (which must be there, once).
 */
final class HttpWorker implements Runnable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final ServerHttp http;
    private final Ledger ledger;
    private final SoakStats stats;
    private final ServerState state;
    private final int accounts;
    private final SplittableRandom rnd;
    private final Thread thread;
    private volatile boolean stopping;
    private String lastAcknowledged;

    HttpWorker(String name, ServerHttp http, Ledger ledger, SoakStats stats, ServerState state, int accounts, long seed) {
        this.name = name;
        this.http = http;
        this.ledger = ledger;
        this.stats = stats;
        this.state = state;
        this.accounts = accounts;
        this.rnd = new SplittableRandom(seed);
        this.thread = new Thread(this, "soak-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks the worker to stop after its current request. */
    void requestStop() {
        stopping = true;
    }

    /** Waits for the worker to be done after {@link #requestStop}. */
    void awaitStop() throws InterruptedException {
        thread.join(TIMEOUT.toMillis() + 10_000);
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                if (!state.isUp()) {
                    Thread.sleep(100);
                    continue;
                }
                long generation = state.generation();
                int op = rnd.nextInt(10);
                try {
                    if (op < 4) {
                        sendMessage();
                    } else if (op < 7) {
                        transfer();
                    } else if (op < 9 || lastAcknowledged == null) {
                        readAccount();
                    } else {
                        readMessage(lastAcknowledged);
                    }
                } catch (IOException e) {
                    String why = "http: " + e.getClass().getSimpleName();
                    if (state.generation() == generation && state.isUp() && !state.isFlooded()) {
                        stats.unexpected(why + " while the server was up: " + ServerHttp.abbreviate(
                                String.valueOf(e.getMessage())));
                    } else {
                        stats.expected(why + " (server killed or flooded)");
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendMessage() throws IOException, InterruptedException {
        String marker = ledger.issue(name);
        ServerHttp.Reply r = http.call(SoakCall.CHAT, "send_message", "[\"" + marker + "\"]", TIMEOUT);
        if (r.ok()) {
            ledger.acknowledge(marker);
            stats.chatAcknowledgedHttp.increment();
            lastAcknowledged = marker;
        } else {
            refusedOrUnexpected("call send_message", r);
        }
    }

    private void transfer() throws IOException, InterruptedException {
        int from = rnd.nextInt(accounts);
        int to = (from + 1 + rnd.nextInt(accounts - 1)) % accounts;
        ServerHttp.Reply r = http.call(SoakCall.BANK, "transfer", "[" + from + "," + to + ",1]", TIMEOUT);
        if (r.ok()) {
            stats.httpTransfers.increment();
        } else {
            refusedOrUnexpected("call transfer", r);
        }
    }

    private void readAccount() throws IOException, InterruptedException {
        ServerHttp.Reply r = http.sql(SoakCall.BANK, "SELECT * FROM accounts WHERE id = " + rnd.nextInt(accounts),
                TIMEOUT);
        if (r.ok()) {
            stats.sqlReads.increment();
        } else {
            refusedOrUnexpected("sql", r);
        }
    }

    /** A message acknowledged before this read: a confirmed read must hold it exactly once. */
    private void readMessage(String marker) throws IOException, InterruptedException {
        var counts = http.countByColumn(SoakCall.CHAT, "SELECT * FROM message WHERE text = '" + marker + "'", "text",
                TIMEOUT);
        stats.sqlReads.increment();
        int n = counts.getOrDefault(marker, 0);
        if (n != 1) {
            stats.unexpected("a read after the acknowledgement found " + n + " rows for " + marker);
        }
    }

    private void refusedOrUnexpected(String what, ServerHttp.Reply r) {
        if (r.status() == 503 && r.body().startsWith("too many connections")) {
            stats.expected("http: " + what + " refused at the connection cap (503)");
        } else {
            stats.unexpected("http: " + what + " -> " + r.status() + " " + ServerHttp.abbreviate(r.body()));
        }
    }

}
