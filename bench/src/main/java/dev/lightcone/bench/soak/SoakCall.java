package dev.lightcone.bench.soak;

import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One reducer call of the workload: the reducer, its BSATN arguments and, for a chat message, the marker it carries
 * (its text), which the ledger follows; {@code null} for a transfer.
 */
record SoakCall(String reducer, byte[] args, String marker) {
    /** The bank database's name. */
    static final String BANK = "soak-bank";
    /** The chat database's name. */
    static final String CHAT = "soak-chat";

    /** {@code transfer(from, to, 1)} between two distinct random accounts. */
    static Supplier<SoakCall> transfers(int accounts, SplittableRandom rnd) {
        return () -> {
            int from = rnd.nextInt(accounts);
            int to = (from + 1 + rnd.nextInt(accounts - 1)) % accounts;
            return new SoakCall("transfer", new BsatnWriter(16).writeU32(from).writeU32(to).writeU64(1).toByteArray(),
                    null);
        };
    }

    /** {@code send_message(marker)} with a new marker from {@code ledger}. */
    static Supplier<SoakCall> chat(Ledger ledger, String source) {
        return () -> {
            String marker = ledger.issue(source);
            return new SoakCall("send_message", new BsatnWriter(64).writeString(marker).toByteArray(), marker);
        };
    }
}
