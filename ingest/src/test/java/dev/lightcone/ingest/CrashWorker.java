package dev.lightcone.ingest;

import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.writer.AppliedCommand;
import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The process {@link CrashRecoveryTest} kills: serves two databases (bank and chat) from a data
 * directory and drives them from four threads, printing {@code ACK chat <text>} for every message
 * whose call was acknowledged (applied, committed and durable). Runs until killed.
 */
public final class CrashWorker {
    static final Identity BANK = Identity.fromHex("c200" + "b1".repeat(30));
    static final Identity CHAT = Identity.fromHex("c200" + "c1".repeat(30));
    static final Identity OWNER = Identity.fromHex("c200" + "01".repeat(30));
    static final int ACCOUNTS = 100;

    private CrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String round = args[3];
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        DatabaseIngest bankIn = DatabaseIngest.open(WriterStorage.open(dir.resolve("bank")),
                DatabaseWriter.Options.of(BANK, "bank").withSnapshotEvery(500), Clock.systemUTC(), 256);
        DatabaseIngest chatIn = DatabaseIngest.open(WriterStorage.open(dir.resolve("chat")),
                DatabaseWriter.Options.of(CHAT, "chat").withSnapshotEvery(500), Clock.systemUTC(), 256);
        if (bankIn.writer().host().isEmpty()) {
            bankIn.publish(OWNER, Files.readAllBytes(Path.of(args[1])), false).get();
            bankIn.callReducer(OWNER, ConnectionId.ZERO, 0, "seed", new BsatnWriter().writeU32(ACCOUNTS).toByteArray()).get();
        }
        if (chatIn.writer().host().isEmpty()) {
            chatIn.publish(OWNER, Files.readAllBytes(Path.of(args[2])), false).get();
        }
        out.println("READY");
        out.flush();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            new Thread(() -> transfers(bankIn, thread)).start();
            new Thread(() -> messages(chatIn, out, round, thread)).start();
        }
    }

    private static void transfers(DatabaseIngest in, int thread) {
        SplittableRandom r = new SplittableRandom(System.nanoTime() + thread);
        for (int i = 0; ; i++) {
            byte[] args = new BsatnWriter().writeU32(r.nextInt(ACCOUNTS)).writeU32(r.nextInt(ACCOUNTS))
                    .writeU64(r.nextInt(300)).toByteArray();
            in.callReducer(OWNER, ConnectionId.ZERO, i, "transfer", args).join();
        }
    }

    private static void messages(DatabaseIngest in, PrintStream out, String round, int thread) {
        for (int i = 0; ; i++) {
            String text = "r" + round + "-t" + thread + "-" + i;
            byte[] args = new BsatnWriter().writeString(text).toByteArray();
            CompletableFuture<AppliedCommand> f = in.callReducer(OWNER, ConnectionId.ZERO, i, "send_message", args);
            AppliedCommand c = f.join();
            if (c.transactions().size() == 1 && c.transactions().get(0).outcome() == TxOutcome.COMMITTED) {
                synchronized (out) {
                    out.println("ACK chat " + text);
                    out.flush();
                }
            }
        }
    }
}
