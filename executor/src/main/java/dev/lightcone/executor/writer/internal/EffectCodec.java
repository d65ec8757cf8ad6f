package dev.lightcone.executor.writer.internal;

import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BSATN form of {@link RecordedEffects}:
 * <pre>
 * u8 version (1)
 * u32 n, n × { i64 timestamp, bool committed, u32 t, t × { u32 table_id, u32 d, d × bytes row, u32 i, i × bytes row } }
 * u32 s, s × { u32 table_id, u16 column, bytes next (two's complement, big-endian), bool exhausted }
 * u8 fired? (0 none, 1 some) { u32 table_id, u64 schedule_id, i64 intended }
 * u8 error? (0 none, 1 some) { string message }
 * </pre>
 * Table changes decode with their table id only; redoing them needs nothing else.
 * The encoding is canonical: the same effects always give the same bytes.
 *
 * <p>Recovery does not {@link #decode} records: {@link #scan} checks a record's layout and reads what is not
 * a row change, then {@link Replayer} hands the row changes straight from the record's bytes to the
 * datastore, with no lists per transaction or table.
 */
public final class EffectCodec {
    static final int VERSION = 1;

    private EffectCodec() {
    }

    public static byte[] encode(RecordedEffects e) {
        BsatnWriter w = new BsatnWriter(256);
        w.writeU8(VERSION);
        w.writeU32(e.transactions().size());
        for (RecordedEffects.Tx tx : e.transactions()) {
            w.writeU64(tx.timestampMicros()).writeBool(tx.committed());
            w.writeU32(tx.changes().size());
            for (TableChanges c : tx.changes()) {
                w.writeU32(c.tableId());
                writeRows(w, c.deletes());
                writeRows(w, c.inserts());
            }
        }
        w.writeU32(e.sequences().size());
        for (SequenceState s : e.sequences()) {
            w.writeU32(s.tableId()).writeU16(s.column()).writeBytes(s.next().toByteArray()).writeBool(s.exhausted());
        }
        if (e.fired() == null) {
            w.writeU8(0);
        } else {
            w.writeU8(1).writeU32(e.fired().tableId()).writeU64(e.fired().scheduleId())
                    .writeU64(e.fired().intendedMicros());
        }
        if (e.error() == null) {
            w.writeU8(0);
        } else {
            w.writeU8(1).writeString(e.error());
        }
        return w.toByteArray();
    }

    private static void writeRows(BsatnWriter w, List<Row> rows) {
        w.writeU32(rows.size());
        for (Row r : rows) {
            w.writeBytes(r.bytes());
        }
    }

    /** Decodes effects. */
    public static RecordedEffects decode(byte[] bytes) {
        BsatnReader r = new BsatnReader(bytes);
        int version = r.readU8();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown effect format version " + version);
        }
        int n = r.readLength(13);
        List<RecordedEffects.Tx> txs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long ts = r.readU64();
            boolean committed = r.readBool();
            int t = r.readLength(12);
            List<TableChanges> changes = new ArrayList<>(t);
            for (int j = 0; j < t; j++) {
                int tableId = r.readU32();
                List<Row> deletes = readRows(r);
                List<Row> inserts = readRows(r);
                changes.add(new TableChanges(tableId, "", false, inserts, deletes));
            }
            txs.add(new RecordedEffects.Tx(ts, committed, changes));
        }
        int s = r.readLength(11);
        List<SequenceState> seqs = new ArrayList<>(s);
        for (int i = 0; i < s; i++) {
            seqs.add(new SequenceState(r.readU32(), r.readU16(), new BigInteger(r.readBytes()), r.readBool()));
        }
        ScheduleKey fired = r.readU8() == 1 ? new ScheduleKey(r.readU32(), r.readU64(), r.readU64()) : null;
        String error = r.readU8() == 1 ? r.readString() : null;
        r.expectEnd();
        return new RecordedEffects(txs, seqs, fired, error);
    }

    /**
     * What an effect record says besides its row changes.
     *
     * @param firstCommitted whether the record has a first transaction and it committed
     */
    record Summary(boolean firstCommitted, List<SequenceState> sequences, ScheduleKey fired, String error) {
    }

    /**
     * Checks that {@code bytes} are one whole effect record, the same checks as {@link #decode}, and reads all
     * but its row changes (which {@link Replayer#applyCommitted} reads after this succeeded).
     *
     * @throws RuntimeException (a BSATN decode or illegal argument exception) if they are not
     */
    static Summary scan(byte[] bytes) {
        BsatnReader r = new BsatnReader(bytes);
        int version = r.readU8();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown effect format version " + version);
        }
        int n = r.readLength(13);
        boolean firstCommitted = false;
        for (int i = 0; i < n; i++) {
            r.skip(Long.BYTES);
            boolean committed = r.readBool();
            if (i == 0) {
                firstCommitted = committed;
            }
            int t = r.readLength(12);
            for (int j = 0; j < t; j++) {
                r.skip(Integer.BYTES);
                skipRows(r);
                skipRows(r);
            }
        }
        int s = r.readLength(11);
        List<SequenceState> seqs = s == 0 ? List.of() : new ArrayList<>(s);
        for (int i = 0; i < s; i++) {
            seqs.add(new SequenceState(r.readU32(), r.readU16(), new BigInteger(r.readBytes()), r.readBool()));
        }
        ScheduleKey fired = r.readU8() == 1 ? new ScheduleKey(r.readU32(), r.readU64(), r.readU64()) : null;
        String error = r.readU8() == 1 ? r.readString() : null;
        r.expectEnd();
        return new Summary(firstCommitted, seqs, fired, error);
    }

    private static void skipRows(BsatnReader r) {
        int n = r.readLength(4);
        for (int i = 0; i < n; i++) {
            r.skip(r.readLength(1));
        }
    }

    /**
     * Applies the committed row changes of scanned records to a datastore, table by table, reusing its
     * row arrays from record to record. One per recovery; not thread-safe.
     */
    static final class Replayer {
        /** Where each deleted row of the current table lies in the record, and its length. */
        private int[] deleteAt = new int[8];
        private int[] deleteLength = new int[8];
        private Row[] inserts = new Row[8];

        /**
         * Applies every committed transaction of {@code bytes}, the effects of the record at {@code offset}
         * which {@link #scan} accepted, to {@code datastore}, and records in {@code writes} each table they
         * changed (as {@link WriteWatermarks#recordChanges} does: at least one row deleted or inserted).
         */
        void applyCommitted(byte[] bytes, long offset, Datastore datastore, WriteWatermarks writes) {
            BsatnReader r = new BsatnReader(bytes);
            r.skip(1);
            int n = r.readU32();
            for (int i = 0; i < n; i++) {
                r.skip(Long.BYTES);
                boolean committed = r.readBool();
                int t = r.readU32();
                for (int j = 0; j < t; j++) {
                    int tableId = r.readU32();
                    int d = r.readU32();
                    if (committed) {
                        locateRows(r, d);
                    } else {
                        skipRows(r, d);
                    }
                    int ins = r.readU32();
                    if (committed) {
                        inserts = readRows(r, ins, inserts);
                        datastore.replay(tableId, bytes, deleteAt, deleteLength, d, inserts, ins);
                        Arrays.fill(inserts, 0, ins, null);
                        if (d > 0 || ins > 0) {
                            writes.recordWrite(tableId, offset);
                        }
                    } else {
                        skipRows(r, ins);
                    }
                }
            }
        }

        private static Row[] readRows(BsatnReader r, int n, Row[] into) {
            Row[] out = into.length >= n ? into : new Row[Math.max(n, into.length * 2)];
            for (int i = 0; i < n; i++) {
                out[i] = new Row(r.readBytes());
            }
            return out;
        }

        /** Notes where the next {@code n} rows lie (their bytes are read only if the table needs them as rows). */
        private void locateRows(BsatnReader r, int n) {
            if (deleteAt.length < n) {
                deleteAt = new int[Math.max(n, deleteAt.length * 2)];
                deleteLength = new int[deleteAt.length];
            }
            for (int i = 0; i < n; i++) {
                int length = r.readU32();
                deleteAt[i] = r.position();
                deleteLength[i] = length;
                r.skip(length);
            }
        }

        private static void skipRows(BsatnReader r, int n) {
            for (int i = 0; i < n; i++) {
                r.skip(r.readU32());
            }
        }
    }

    private static List<Row> readRows(BsatnReader r) {
        int n = r.readLength(4);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new Row(r.readBytes()));
        }
        return rows;
    }
}
