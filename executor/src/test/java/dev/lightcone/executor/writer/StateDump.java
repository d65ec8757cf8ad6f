package dev.lightcone.executor.writer;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Sequence;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.sats.bsatn.BsatnWriter;

/** The whole observable state of a database as bytes: every table's rows in order, and every sequence. */
public final class StateDump {
    private StateDump() {
    }

    public static byte[] of(ModuleHost host) {
        BsatnWriter w = new BsatnWriter(1 << 16);
        for (Table t : host.datastore().tables()) {
            w.writeU32(t.id()).writeString(t.name()).writeU32(t.size());
            for (Row r : t.rows()) {
                w.writeBytes(r.bytes());
            }
            for (Sequence s : t.sequences()) {
                w.writeU16(s.schema().column()).writeBytes(s.peek().toByteArray()).writeBool(s.exhausted());
            }
        }
        return w.toByteArray();
    }
}
