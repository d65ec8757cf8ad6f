package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.snapshot.Snapshot;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sections of a database snapshot. {@code meta}: format version, the module's blob hash, the owner, and the
 * schedule firings already applied; {@code sequences}; and one {@code table/<id>} section per table
 * with its rows in order ({@code u32} count, then each row as {@code bytes}).
 */
public final class SnapshotCodec {
    static final String META = "meta";
    static final String SEQUENCES = "sequences";
    static final String TABLE_PREFIX = "table/";
    /** Optional (absent in snapshots older than procedure read windows): see {@link WriteWatermarks}. */
    static final String WRITES = "writes";
    /** Optional (absent in older snapshots): which node holds each connection, see {@link ConnectionOwners}. */
    static final String CONNECTIONS = "connections";

    private SnapshotCodec() {
    }

    /** The parts of the database state a snapshot holds, captured on the writer thread. */
    public record Image(long offset, String moduleBlob, Identity owner, Map<Integer, List<Row>> tables, List<SequenceState> sequences,
            Map<ScheduleId, Long> lastFired, Map<Integer, Long> lastWrites, Map<String, String> connectionOwners) {
    }

    /** A schedule row: the key of the "last intended time fired" map. */
    public record ScheduleId(int tableId, long scheduleId) implements Comparable<ScheduleId> {
        @Override
        public int compareTo(ScheduleId o) {
            int c = Integer.compare(tableId, o.tableId);
            return c != 0 ? c : Long.compare(scheduleId, o.scheduleId);
        }
    }

    /** Encodes an image; runs off the writer thread. */
    public static Snapshot encode(Image image) {
        Map<String, byte[]> sections = new TreeMap<>();
        BsatnWriter meta = new BsatnWriter().writeU8(1).writeString(image.moduleBlob())
                .writeRaw(image.owner().toLittleEndian());
        meta.writeU32(image.lastFired().size());
        for (Map.Entry<ScheduleId, Long> e : new TreeMap<>(image.lastFired()).entrySet()) {
            meta.writeU32(e.getKey().tableId()).writeU64(e.getKey().scheduleId()).writeU64(e.getValue());
        }
        sections.put(META, meta.toByteArray());
        BsatnWriter seq = new BsatnWriter().writeU32(image.sequences().size());
        for (SequenceState s : image.sequences()) {
            seq.writeU32(s.tableId()).writeU16(s.column()).writeBytes(s.next().toByteArray()).writeBool(s.exhausted());
        }
        sections.put(SEQUENCES, seq.toByteArray());
        BsatnWriter writes = new BsatnWriter().writeU32(image.lastWrites().size());
        for (Map.Entry<Integer, Long> e : new TreeMap<>(image.lastWrites()).entrySet()) {
            writes.writeU32(e.getKey()).writeU64(e.getValue());
        }
        sections.put(WRITES, writes.toByteArray());
        BsatnWriter owners = new BsatnWriter().writeU32(image.connectionOwners().size());
        for (Map.Entry<String, String> e : new TreeMap<>(image.connectionOwners()).entrySet()) {
            owners.writeString(e.getKey()).writeString(e.getValue());
        }
        sections.put(CONNECTIONS, owners.toByteArray());
        for (Map.Entry<Integer, List<Row>> t : image.tables().entrySet()) {
            int size = 4;
            for (Row r : t.getValue()) {
                size += 4 + r.size();
            }
            BsatnWriter w = new BsatnWriter(size).writeU32(t.getValue().size());
            for (Row r : t.getValue()) {
                w.writeBytes(r.bytes());
            }
            sections.put(TABLE_PREFIX + t.getKey(), w.toByteArray());
        }
        return new Snapshot(image.offset(), sections);
    }

    /** Decodes a snapshot back into an image. */
    public static Image decode(Snapshot s) {
        BsatnReader meta = new BsatnReader(s.sections().get(META));
        int version = meta.readU8();
        if (version != 1) {
            throw new IllegalArgumentException("unknown snapshot meta version " + version);
        }
        String blob = meta.readString();
        Identity owner = Identity.fromLittleEndian(meta.readRaw(32));
        Map<ScheduleId, Long> fired = new TreeMap<>();
        int n = meta.readLength(20);
        for (int i = 0; i < n; i++) {
            fired.put(new ScheduleId(meta.readU32(), meta.readU64()), meta.readU64());
        }
        BsatnReader seq = new BsatnReader(s.sections().get(SEQUENCES));
        int sn = seq.readLength(11);
        List<SequenceState> seqs = new ArrayList<>(sn);
        for (int i = 0; i < sn; i++) {
            seqs.add(new SequenceState(seq.readU32(), seq.readU16(), new BigInteger(seq.readBytes()), seq.readBool()));
        }
        Map<Integer, Long> lastWrites = new TreeMap<>();
        if (s.sections().containsKey(WRITES)) {
            BsatnReader w = new BsatnReader(s.sections().get(WRITES));
            int wn = w.readLength(12);
            for (int i = 0; i < wn; i++) {
                lastWrites.put(w.readU32(), w.readU64());
            }
        }
        Map<String, String> connectionOwners = new TreeMap<>();
        if (s.sections().containsKey(CONNECTIONS)) {
            BsatnReader c = new BsatnReader(s.sections().get(CONNECTIONS));
            int cn = c.readLength(8);
            for (int i = 0; i < cn; i++) {
                connectionOwners.put(c.readString(), c.readString());
            }
        }
        Map<Integer, List<Row>> tables = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : s.sections().entrySet()) {
            if (!e.getKey().startsWith(TABLE_PREFIX)) {
                continue;
            }
            BsatnReader r = new BsatnReader(e.getValue());
            Row[] rows = new Row[r.readLength(4)];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = new Row(r.readBytes());
            }
            tables.put(Integer.parseInt(e.getKey().substring(TABLE_PREFIX.length())), Arrays.asList(rows));
        }
        return new Image(s.commandOffset(), blob, owner, tables, seqs, fired, lastWrites, connectionOwners);
    }
}
