package dev.lightcone.executor.writer;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.record.CallReducer;
import dev.lightcone.commitlog.record.ClientConnected;
import dev.lightcone.commitlog.record.ClientDisconnected;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A seeded, randomized sequence of commands against the bank module: transfers, connects, disconnects. */
final class Workload {
    static final Identity DB = Identity.fromHex("c200" + "d0".repeat(30));
    static final Identity OWNER = Identity.fromHex("c200" + "0e".repeat(30));
    static final int ACCOUNTS = 50;

    private Workload() {
    }

    static byte[] bank() {
        try {
            return Files.readAllBytes(dev.lightcone.executor.examples.ExampleModules.path("bank"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a publish, a seed and {@code n} random commands; returns the offset of the last one. */
    static long append(CommandLog log, long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        long micros = 1_700_000_000_000_000L;
        log.append(new PublishModule(DB, OWNER, new ModuleSource.Inline(bank()), false, new Timestamp(++micros)));
        long last = log.append(new CallReducer(OWNER, ConnectionId.ZERO, 0, new Timestamp(++micros), "seed",
                new BsatnWriter().writeU32(ACCOUNTS).toByteArray()));
        List<ConnectionId> connected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            Timestamp ts = new Timestamp(micros += 1 + random.nextInt(1000));
            if (kind < 7) {
                byte[] args = new BsatnWriter().writeU32(random.nextInt(ACCOUNTS + 2)).writeU32(random.nextInt(ACCOUNTS))
                        .writeU64(random.nextInt(1500)).toByteArray();
                last = log.append(new CallReducer(OWNER, ConnectionId.ZERO, i, ts, "transfer", args));
            } else if (kind < 9 || connected.isEmpty()) {
                ConnectionId c = ConnectionId.fromWords(random.nextLong() | 1, random.nextLong());
                connected.add(c);
                last = log.append(new ClientConnected(identity(c), c, ts, "{}"));
            } else {
                ConnectionId c = connected.remove(random.nextInt(connected.size()));
                last = log.append(new ClientDisconnected(identity(c), c, ts));
            }
        }
        return last;
    }

    static Identity identity(ConnectionId c) {
        byte[] b = new byte[32];
        System.arraycopy(c.toLittleEndian(), 0, b, 0, 16);
        b[31] = (byte) 0xC2;
        return Identity.fromLittleEndian(b);
    }
}
