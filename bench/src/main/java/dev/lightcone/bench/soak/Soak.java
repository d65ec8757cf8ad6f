package dev.lightcone.bench.soak;

import dev.lightcone.bench.ExampleModule;
import dev.lightcone.bench.load.BankAdmin;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The soak: a {@code lightcone start} process under mixed load (WebSocket and HTTP calls, SQL reads, subscribers)
 * while it is killed with SIGKILL at random moments and restarted, flooded with connections past its cap and fed a
 * subscriber that never reads. After every restart, and at the end, it checks the acknowledged-call ledger and the
 * bank's total against what the server holds. One instance runs once.
 */
final class Soak {
    /** Each account starts with this much (the bank module's seed). */
    private static final long INITIAL_BALANCE = 1000;
    /** Rows of {@code SELECT * FROM accounts} the slow consumer asks for: past the 64 MiB the server holds per client. */
    private static final long SLOW_CONSUMER_ROW_BYTES = 80L << 20;
    /** BSATN bytes of one accounts row: u32 id, i64 balance. */
    private static final int ACCOUNT_ROW_BYTES = 12;
    /** How long a flood holds its connections. */
    private static final Duration FLOOD_HOLD = Duration.ofSeconds(3);
    private static final int WS_BURST = 32;
    private static final Duration VERIFY_TIMEOUT = Duration.ofMinutes(5);
    /** The load goes on at least this long after a restart, so the calls of a restarted server are checked too. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final SoakConfig config;
    private final ServerProcess server;
    private final ServerHttp http;
    private final Consumer<String> log;
    private final ServerState state = new ServerState();
    private final SoakStats stats = new SoakStats();
    private final Ledger ledger = new Ledger("soak");
    private final List<String> failures = new ArrayList<>();
    private final List<Long> restartMillis = new ArrayList<>();
    private final List<SoakReport.Verification> verifications = new ArrayList<>();
    private final List<SoakReport.Flood> floods = new ArrayList<>();
    private Map<String, Integer> slowOutcomes = Map.of();
    private long slowOpened;
    /** When the run began (for the report) and when the load began (the clock of kills, floods and progress lines). */
    private long runStartNanos;
    private long startNanos;
    private int kills;

    private Soak(SoakConfig config, ServerProcess server, Consumer<String> log) {
        this.config = config;
        this.server = server;
        this.http = new ServerHttp(server.baseUrl());
        this.log = log;
    }

    /**
     * Runs the soak with the server started by {@code launch} on {@code workDir/data} (which must not hold a
     * database), its output in {@code workDir/server.log}; {@code log} gets progress lines.
     */
    static SoakReport run(SoakConfig config, ServerProcess.Launch launch, Path workDir, Consumer<String> log)
            throws InterruptedException {
        ServerProcess server = new ServerProcess(launch, workDir.resolve("data"), workDir.resolve("server.log"),
                ServerProcess.freePort(), config.maxConnections());
        try (server) {
            return new Soak(config, server, log).run();
        }
    }

    private SoakReport run() throws InterruptedException {
        runStartNanos = System.nanoTime();
        startNanos = runStartNanos;
        server.start();
        if (!server.awaitReady(http, config.restartTimeout())) {
            failures.add("the server did not answer /v1/ping within " + config.restartTimeout().toSeconds()
                    + " s of its first start (exit code " + server.exitCode() + "):\n" + server.logTail(30));
            return report();
        }
        state.cameUp();
        log.accept("server up at " + server.baseUrl() + " (pid " + server.pid() + "); publishing and seeding");
        try {
            BankAdmin bank = new BankAdmin(server.baseUrl(), SoakCall.BANK);
            bank.publish(ExampleModule.read("bank"));
            bank.seed(config.accounts(), 100_000);
            new BankAdmin(server.baseUrl(), SoakCall.CHAT).publish(ExampleModule.read("quickstart-chat"));
        } catch (IllegalStateException e) {
            failures.add("publishing and seeding failed: " + e.getMessage());
            return report();
        }
        verify("start");

        try (WsClients clients = new WsClients()) {
            Workers workers = startWorkers(clients);
            startNanos = System.nanoTime();
            log.accept("load started");
            try {
                chaos();
            } finally {
                log.accept("stopping the load");
                workers.stop();
                slowOutcomes = workers.slow == null ? Map.of() : workers.slow.outcomes();
                slowOpened = workers.slow == null ? 0 : workers.slow.opened();
            }
            if (state.isUp()) {
                verify("end");
            }
        }
        return report();
    }

    /** Kills, restarts, floods and watches the server until the run is over (or the server is lost). */
    private void chaos() throws InterruptedException {
        SplittableRandom rnd = new SplittableRandom(config.seed());
        KillPlan plan = new KillPlan(config, rnd.split());
        long end = config.duration().toNanos();
        long floodEvery = TimeUnit.SECONDS.toNanos(config.floodEverySeconds());
        long nextKill = plan.nextDue(elapsed());
        long nextFlood = floodEvery > 0 ? floodEvery / 2 : Long.MAX_VALUE;
        long lastPing = 0;
        long unansweredSince = -1;
        long settled = 0;
        while (elapsed() < Math.max(end, settled) || plan.owed()) {
            long now = elapsed();
            if (now >= nextFlood && now < end) {
                if (!flood()) {
                    return;
                }
                nextFlood = elapsed() + floodEvery;
                continue;
            }
            if (now >= nextKill) {
                if (!killAndRestart("kill " + (kills + 1))) {
                    return;
                }
                plan.killed();
                verify("after kill " + kills);
                nextKill = plan.nextDue(elapsed());
                settled = elapsed() + SETTLE_NANOS;
                continue;
            }
            if (server.exitCode().isPresent()) {
                if (!killAndRestart("restart after an exit")) {
                    return;
                }
                verify("after an exit");
                settled = elapsed() + SETTLE_NANOS;
                continue;
            }
            if (now - lastPing >= TimeUnit.SECONDS.toNanos(2)) {
                lastPing = now;
                if (http.ping(Duration.ofSeconds(10))) {
                    unansweredSince = -1;
                } else if (unansweredSince < 0) {
                    unansweredSince = now;
                } else if (now - unansweredSince > config.callTimeout().toNanos()) {
                    failures.add("the server stopped answering /v1/ping at " + seconds(unansweredSince) + " s (for "
                            + config.callTimeout().toSeconds() + " s, process alive)");
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL (unless the process is already gone), start again on the same data, wait for {@code /v1/ping}. */
    private boolean killAndRestart(String what) throws InterruptedException {
        state.goingDown();
        java.util.OptionalInt exited = server.exitCode();
        if (exited.isPresent()) {
            failures.add("the server exited on its own with code " + exited.getAsInt() + " at "
                    + seconds(elapsed()) + " s:\n" + server.logTail(30));
        } else {
            server.kill();
            kills++;
        }
        log.accept(String.format("%6.1f s  %s: server killed, restarting", seconds(elapsed()), what));
        long t0 = System.nanoTime();
        server.start();
        if (!server.awaitReady(http, config.restartTimeout())) {
            failures.add("after " + what + " the server did not answer /v1/ping within "
                    + config.restartTimeout().toSeconds() + " s (exit code " + server.exitCode() + "):\n"
                    + server.logTail(30));
            return false;
        }
        restartMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        state.cameUp();
        return true;
    }

    /**
     * Floods the server past its connection cap and holds it there; the clients already connected must still be
     * served, and the server must answer again once the flood is gone.
     */
    private boolean flood() throws InterruptedException {
        state.flooded(true);
        long servedBefore = stats.wsAcknowledged();
        ConnectionFlood.Result r;
        long served;
        try (ConnectionFlood flood = new ConnectionFlood()) {
            r = flood.open("127.0.0.1", server.port(), config.maxConnections() + config.floodExtra(),
                    WsClients.subscribeUri(server.baseUrl(), SoakCall.CHAT), WS_BURST);
            Thread.sleep(FLOOD_HOLD.toMillis());
            served = stats.wsAcknowledged() - servedBefore;
            r = r.withRefusedTcp(flood.refusedTcp());
        }
        boolean back = awaitPing(config.callTimeout());
        state.flooded(false);
        log.accept(String.format("%6.1f s  flood: %d idle connections, %d refused; %d/%d WebSocket opens refused; "
                        + "%,d calls served meanwhile", seconds(elapsed()), r.opened(), r.refusedTcp(), r.wsRefused(),
                r.wsAttempts(), served));
        floods.add(new SoakReport.Flood(r.opened(), r.refusedTcp(), r.wsAttempts(), r.wsRefused(), served, r.other()));
        if (!back) {
            failures.add("after a connection flood the server did not answer /v1/ping for "
                    + config.callTimeout().toSeconds() + " s");
            return false;
        }
        if (served == 0 && !progressWithin(config.callTimeout())) {
            failures.add("during a connection flood the connected clients got no call acknowledged (nor "
                    + config.callTimeout().toSeconds() + " s after it)");
        }
        return true;
    }

    private boolean awaitPing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (http.ping(Duration.ofSeconds(5))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private boolean progressWithin(Duration timeout) throws InterruptedException {
        long before = stats.wsAcknowledged();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (stats.wsAcknowledged() > before) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /**
     * Checks the ledger (snapshot first, then a confirmed read of every chat message: everything acknowledged before
     * the read must be in it, once) and the bank's total.
     */
    private void verify(String when) throws InterruptedException {
        long t0 = System.nanoTime();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Ledger.Snapshot snapshot = ledger.snapshot();
                Map<String, Integer> held = http.countByColumn(SoakCall.CHAT, "SELECT * FROM message", "text",
                        VERIFY_TIMEOUT);
                Ledger.Check c = ledger.check(snapshot, held);
                ServerHttp.Sum bank = http.sum(SoakCall.BANK, "SELECT * FROM accounts", "balance", VERIFY_TIMEOUT);
                boolean conserved = bank.rows() == config.accounts()
                        && bank.sum() == config.accounts() * INITIAL_BALANCE;
                SoakReport.Verification v = new SoakReport.Verification(when, c.acknowledged(), c.observed(), c.lost(),
                        c.lostObserved(), c.duplicated(), c.unknown(), bank.rows(), bank.sum(), conserved,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), c.examples());
                verifications.add(v);
                log.accept(String.format("%6.1f s  verified (%s): %,d acknowledged + %,d observed markers, lost %d, "
                                + "duplicated %d, unknown %d; bank %s", seconds(elapsed()), when, c.acknowledged(),
                        c.observed(), c.lost() + c.lostObserved(), c.duplicated(), c.unknown(),
                        conserved ? "conserved" : "NOT conserved: " + bank));
                if (!v.clean()) {
                    failures.add("check " + when + ": lost " + c.lost() + " acknowledged and " + c.lostObserved()
                            + " observed markers, " + c.duplicated() + " duplicated, " + c.unknown()
                            + " never sent; bank " + bank + (conserved ? "" : " (expected " + config.accounts()
                            + " accounts holding " + config.accounts() * INITIAL_BALANCE + ")") + "; e.g. "
                            + c.examples());
                }
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(2_000);
            }
        }
        failures.add("check " + when + ": the server could not be read: " + last);
    }

    private Workers startWorkers(WsClients clients) {
        Workers w = new Workers();
        Duration drain = config.callTimeout();
        SplittableRandom rnd = new SplittableRandom(config.seed() ^ 0x5eed);
        URI bank = WsClients.subscribeUri(server.baseUrl(), SoakCall.BANK);
        URI chat = WsClients.subscribeUri(server.baseUrl(), SoakCall.CHAT);
        for (int i = 0; i < config.transferConnections(); i++) {
            SplittableRandom r = rnd.split();
            w.sockets.add(new SocketWorker("transfer-ws" + i, clients, bank, () -> new CallerConnection(
                    SoakCall.transfers(config.accounts(), r), config.inFlight(), 0, config.callTimeout(), ledger,
                    stats), stats, state, drain));
        }
        double chatRate = config.chatConnections() == 0 ? 0 : config.chatRate() / config.chatConnections();
        for (int i = 0; i < config.chatConnections(); i++) {
            String source = "ws" + i;
            w.sockets.add(new SocketWorker("chat-ws" + i, clients, chat, () -> new CallerConnection(
                    SoakCall.chat(ledger, source), config.inFlight(), chatRate, config.callTimeout(), ledger, stats),
                    stats, state, drain));
        }
        for (int i = 0; i < config.subscribers(); i++) {
            w.sockets.add(new SocketWorker("subscriber" + i, clients, chat,
                    () -> new SubscriberConnection(ledger, stats), stats, state, drain));
        }
        for (int i = 0; i < config.httpWorkers(); i++) {
            w.http.add(new HttpWorker("http" + i, http, ledger, stats, state, config.accounts(), rnd.nextLong()));
        }
        if (config.slowConsumer()) {
            int querySets = (int) Math.min(1000, Math.max(1,
                    SLOW_CONSUMER_ROW_BYTES / ((long) config.accounts() * ACCOUNT_ROW_BYTES) + 1));
            w.slow = new SlowConsumerWorker(clients, bank, querySets, config.slowStarveSeconds(), state);
        }
        w.sockets.forEach(SocketWorker::start);
        w.http.forEach(HttpWorker::start);
        if (w.slow != null) {
            w.slow.start();
        }
        return w;
    }

    /** The workers of one run. */
    private static final class Workers {
        final List<SocketWorker> sockets = new ArrayList<>();
        final List<HttpWorker> http = new ArrayList<>();
        SlowConsumerWorker slow;

        void stop() throws InterruptedException {
            sockets.forEach(SocketWorker::requestStop);
            http.forEach(HttpWorker::requestStop);
            if (slow != null) {
                slow.stop();
            }
            for (SocketWorker s : sockets) {
                s.awaitStop();
            }
            for (HttpWorker h : http) {
                h.awaitStop();
            }
        }
    }

    private SoakReport report() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("transfers acknowledged (WebSocket)", stats.transfersAcknowledged.sum());
        counts.put("transfers acknowledged (HTTP)", stats.httpTransfers.sum());
        counts.put("chat acknowledged (WebSocket)", stats.chatAcknowledgedWs.sum());
        counts.put("chat acknowledged (HTTP)", stats.chatAcknowledgedHttp.sum());
        counts.put("chat markers issued", (long) ledger.issuedCount());
        counts.put("calls with an unknown outcome (in flight at a kill)", stats.unknownOutcome.sum());
        counts.put("calls stalled (unanswered on an open connection)", stats.stalledCalls.sum());
        counts.put("SQL reads", stats.sqlReads.sum());
        counts.put("subscriber updates received", stats.subscriberUpdates.sum());
        counts.put("markers seen by confirmed subscribers", (long) ledger.observedCount());
        counts.put("WebSocket reconnects", stats.reconnects.sum());
        counts.put("slow consumers opened", slowOpened);
        List<String> all = new ArrayList<>(failures);
        if (stats.stalledCalls.sum() > 0) {
            all.add(stats.stalledCalls.sum() + " calls got no answer for " + config.callTimeout().toSeconds()
                    + " s on an open connection");
        }
        long closedWhileUp = stats.unexpectedKinds().entrySet().stream()
                .filter(e -> e.getKey().contains("closed by the server while it was up"))
                .mapToLong(Map.Entry::getValue).sum();
        if (closedWhileUp > 0) {
            all.add(closedWhileUp + " client connections were closed by the server while it was up");
        }
        if (ledger.acknowledgedCount() == 0 && stats.transfersAcknowledged.sum() == 0) {
            all.add("no call was acknowledged: the soak checked nothing");
        }
        return new SoakReport(seconds(System.nanoTime() - runStartNanos), config.seed(), kills, restartMillis, verifications, floods,
                slowOutcomes, counts, stats.expectedKinds(), stats.unexpectedKinds(), all,
                server.logFile().toString());
    }

    private long elapsed() {
        return System.nanoTime() - startNanos;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
