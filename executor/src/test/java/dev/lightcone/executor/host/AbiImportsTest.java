package dev.lightcone.executor.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.log.LogLevel;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls every {@code spacetime_10.x} import through its success and error paths with exact bytes. */
class AbiImportsTest {
    static final int P = WatModule.SCRATCH;
    static final int OUT = 512;
    static final int LEN = 600;
    static final int BUF = 4096;

    AbiFixture f;

    @BeforeEach
    void setUp() {
        f = new AbiFixture(List.of("(i32.const 0)"), "");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] person(long id, String name, int age) {
        return Bsatn.encode(AbiFixture.PERSON, AlgebraicValue.product(AlgebraicValue.integer(id),
                AlgebraicValue.string(name), AlgebraicValue.integer(age)));
    }

    private int insert(byte[] row) {
        f.mem().write(BUF, row);
        f.mem().writeI32(LEN, row.length);
        return (int) f.call("datastore_insert_bsatn", f.tableId(), BUF, LEN);
    }

    private void seed() {
        assertEquals(0, insert(person(0, "Al", 30)));
        assertEquals(0, insert(person(0, "Bo", 25)));
        assertEquals(0, insert(person(0, "Cy", 30)));
    }

    @Test
    void tableAndIndexLookupsByCanonicalNameAndAlias() {
        f.inTx();
        int n = f.putString(P, "person");
        assertEquals(0, f.call("table_id_from_name", P, n, OUT));
        assertEquals(f.tableId(), f.mem().readInt(OUT));
        n = f.putString(P, "nobody");
        assertEquals(Errno.NO_SUCH_TABLE.code(), f.call("table_id_from_name", P, n, OUT));
        n = f.putString(P, "person_age_idx_btree");
        assertEquals(0, f.call("index_id_from_name", P, n, OUT));
        assertEquals(f.index("person_age_idx_btree"), f.mem().readInt(OUT));
        n = f.putString(P, "nope_idx");
        assertEquals(Errno.NO_SUCH_INDEX.code(), f.call("index_id_from_name", P, n, OUT));
    }

    @Test
    void lookupsNeedATransaction() {
        f.noTx();
        int n = f.putString(P, "person");
        assertEquals(Errno.NOT_IN_TRANSACTION.code(), f.call("table_id_from_name", P, n, OUT));
        assertEquals(Errno.NOT_IN_TRANSACTION.code(), f.call("datastore_table_row_count", f.tableId(), OUT));
        assertEquals(Errno.NOT_IN_TRANSACTION.code(), f.call("datastore_table_scan_bsatn", f.tableId(), OUT));
        f.mem().writeI32(LEN, 1);
        assertEquals(Errno.NOT_IN_TRANSACTION.code(), f.call("datastore_insert_bsatn", f.tableId(), BUF, LEN));
    }

    @Test
    void nullAndOutOfBoundsPointersTrapAndInvalidUtf8Traps() {
        f.inTx();
        assertThrows(HostTrap.class, () -> f.call("table_id_from_name", 0, 0, OUT));
        assertThrows(HostTrap.class, () -> f.call("table_id_from_name", P, 1 << 30, OUT));
        f.mem().write(P, new byte[] {(byte) 0xC3, 0x28});
        assertThrows(HostTrap.class, () -> f.call("table_id_from_name", P, 2, OUT));
        // A non-NULL pointer with length 0 is fine (Rust passes a dangling 1).
        assertEquals(Errno.NO_SUCH_TABLE.code(), f.call("table_id_from_name", 1, 0, OUT));
    }

    @Test
    void insertFillsAutoIncAndWritesBackOnlyGeneratedColumns() {
        f.inTx();
        // The spec's example buffer: id 0, name "Al" (age appended for this table).
        byte[] row = person(0, "Al", 30);
        assertEquals("0000000000000000 02000000416c 1e000000".replace(" ", ""),
                HexFormat.of().formatHex(row));
        assertEquals(0, insert(row));
        assertEquals(8, f.mem().readInt(LEN));
        assertArrayEquals(hex("0100000000000000"), f.mem().readBytes(BUF, 8));
        assertEquals(0, insert(person(0, "Bo", 1)));
        assertArrayEquals(hex("0200000000000000"), f.mem().readBytes(BUF, 8));
        // Explicit id: nothing generated, length 0.
        assertEquals(0, insert(person(42, "X", 1)));
        assertEquals(0, f.mem().readInt(LEN));
        // Identical row: successful no-op.
        assertEquals(0, insert(person(42, "X", 1)));
        assertEquals(Errno.UNIQUE_ALREADY_EXISTS.code(), insert(person(42, "Y", 1)));
        assertEquals(Errno.BSATN_DECODE_ERROR.code(), insert(hex("0102")));
        f.mem().writeI32(LEN, 3);
        assertEquals(Errno.NO_SUCH_TABLE.code(), f.call("datastore_insert_bsatn", 999, BUF, LEN));
        assertEquals(0, f.call("datastore_table_row_count", f.tableId(), OUT));
        assertEquals(3L, f.mem().readLong(OUT));
    }

    @Test
    void scanIteratorsChunkRowsAndReportBufferTooSmall() {
        f.inTx();
        seed();
        assertEquals(0, f.call("datastore_table_scan_bsatn", f.tableId(), OUT));
        int iter = f.mem().readInt(OUT);
        assertTrue(iter >= 1);
        f.mem().writeI32(LEN, 4);
        assertEquals(Errno.BUFFER_TOO_SMALL.code(), f.call("row_iter_bsatn_advance", iter, BUF, LEN));
        int all = person(1, "Al", 30).length * 3;
        assertEquals(all, f.mem().readInt(LEN), "the size of the next chunk is written back");
        f.mem().writeI32(LEN, 65536);
        assertEquals(Errno.EXHAUSTED, f.call("row_iter_bsatn_advance", iter, BUF, LEN));
        assertEquals(all, f.mem().readInt(LEN));
        byte[] expected = new BsatnWriter().writeRaw(person(1, "Al", 30)).writeRaw(person(2, "Bo", 25))
                .writeRaw(person(3, "Cy", 30)).toByteArray();
        assertArrayEquals(expected, f.mem().readBytes(BUF, all));
        assertEquals(Errno.NO_SUCH_ITER.code(), f.call("row_iter_bsatn_advance", iter, BUF, LEN));
        assertEquals(Errno.NO_SUCH_ITER.code(), f.call("row_iter_bsatn_close", iter));
        // An open iterator can be closed once.
        assertEquals(0, f.call("datastore_table_scan_bsatn", f.tableId(), OUT));
        int iter2 = f.mem().readInt(OUT);
        assertEquals(0, f.call("row_iter_bsatn_close", iter2));
        assertEquals(Errno.NO_SUCH_ITER.code(), f.call("row_iter_bsatn_close", iter2));
    }

    @Test
    void emptyScanAnswersExhaustedWithLengthZero() {
        f.inTx();
        assertEquals(0, f.call("datastore_table_scan_bsatn", f.tableId(), OUT));
        f.mem().writeI32(LEN, 100);
        assertEquals(Errno.EXHAUSTED, f.call("row_iter_bsatn_advance", f.mem().readInt(OUT), BUF, LEN));
        assertEquals(0, f.mem().readInt(LEN));
    }

    private List<Long> drain(int iter) {
        f.mem().writeI32(LEN, 65536);
        long rc = f.call("row_iter_bsatn_advance", iter, BUF, LEN);
        assertEquals(Errno.EXHAUSTED, rc);
        byte[] bytes = f.mem().readBytes(BUF, f.mem().readInt(LEN));
        List<Long> ids = new java.util.ArrayList<>();
        dev.lightcone.sats.bsatn.BsatnReader r = new dev.lightcone.sats.bsatn.BsatnReader(bytes);
        while (r.hasRemaining()) {
            ids.add(r.readU64());
            r.readString();
            r.readU32();
        }
        return ids;
    }

    @Test
    void rangeScanWithPrefixAndBoundsAsTheSpecPacksThem() {
        f.inTx();
        seed();
        int age = f.index("person_age_idx_btree");
        // 25 <= age < 30: Included(25) then Excluded(30).
        f.mem().write(P, hex("00 19000000 01 1e000000"));
        assertEquals(0, f.call("datastore_index_scan_range_bsatn", age, 1, 0, 0, P, 5, P + 5, 5, OUT));
        assertEquals(List.of(2L), drain(f.mem().readInt(OUT)));
        // The same slice for both bounds selects one value: age = 30.
        f.mem().write(P, hex("00 1e000000"));
        assertEquals(0, f.call("datastore_btree_scan_bsatn", age, 1, 0, 0, P, 5, P, 5, OUT));
        assertEquals(List.of(1L, 3L), drain(f.mem().readInt(OUT)));
        // Unbounded both ways: a sorted full scan.
        f.mem().write(P, hex("02"));
        assertEquals(0, f.call("datastore_index_scan_range_bsatn", age, 1, 0, 0, P, 1, P, 1, OUT));
        assertEquals(List.of(2L, 1L, 3L), drain(f.mem().readInt(OUT)));
        assertEquals(Errno.BSATN_DECODE_ERROR.code(),
                f.call("datastore_index_scan_range_bsatn", age, 1, 0, 0, P, 2, P, 1, OUT));
        int hash = f.index("person_name_idx_hash");
        assertEquals(Errno.WRONG_INDEX_ALGO.code(),
                f.call("datastore_index_scan_range_bsatn", hash, 1, 0, 0, P, 1, P, 1, OUT));
        assertEquals(Errno.NO_SUCH_INDEX.code(),
                f.call("datastore_index_scan_range_bsatn", 77, 1, 0, 0, P, 1, P, 1, OUT));
        assertThrows(HostTrap.class, () -> f.call("datastore_index_scan_range_bsatn", age, 1, 0, 70000, P, 1, P, 1, OUT));
        // Deleting by range deletes exactly what the scan returns.
        f.mem().write(P, hex("00 1e000000"));
        assertEquals(0, f.call("datastore_delete_by_index_scan_range_bsatn", age, 1, 0, 0, P, 5, P, 5, OUT));
        assertEquals(2, f.mem().readInt(OUT));
        f.mem().write(P, hex("02"));
        assertEquals(0, f.call("datastore_delete_by_btree_scan_bsatn", age, 1, 0, 0, P, 1, P, 1, OUT));
        assertEquals(1, f.mem().readInt(OUT));
    }

    @Test
    void pointScansOnBtreeAndHashIndexes() {
        f.inTx();
        seed();
        f.mem().write(P, hex("1e000000"));
        assertEquals(0, f.call("datastore_index_scan_point_bsatn", f.index("person_age_idx_btree"), P, 4, OUT));
        assertEquals(List.of(1L, 3L), drain(f.mem().readInt(OUT)));
        f.mem().write(P, hex("02000000 426f"));
        assertEquals(0, f.call("datastore_index_scan_point_bsatn", f.index("person_name_idx_hash"), P, 6, OUT));
        assertEquals(List.of(2L), drain(f.mem().readInt(OUT)));
        assertEquals(Errno.BSATN_DECODE_ERROR.code(),
                f.call("datastore_index_scan_point_bsatn", f.index("person_name_idx_hash"), P, 3, OUT));
        assertEquals(0, f.call("datastore_delete_by_index_scan_point_bsatn", f.index("person_name_idx_hash"), P, 6, OUT));
        assertEquals(1, f.mem().readInt(OUT));
        assertEquals(0, f.call("datastore_table_row_count", f.tableId(), OUT));
        assertEquals(2L, f.mem().readLong(OUT));
    }

    @Test
    void updateThroughUniqueIndex() {
        f.inTx();
        seed();
        int pk = f.index("person_id_idx_btree");
        byte[] row = person(2, "Bobby", 26);
        f.mem().write(BUF, row);
        f.mem().writeI32(LEN, row.length);
        assertEquals(0, f.call("datastore_update_bsatn", f.tableId(), pk, BUF, LEN));
        assertEquals(0, f.mem().readInt(LEN));
        assertTrue(f.tx.contains(f.tableId(), new Row(row)));
        f.mem().writeI32(LEN, row.length);
        assertEquals(Errno.INDEX_NOT_UNIQUE.code(),
                f.call("datastore_update_bsatn", f.tableId(), f.index("person_age_idx_btree"), BUF, LEN));
        byte[] missing = person(99, "Z", 1);
        f.mem().write(BUF, missing);
        f.mem().writeI32(LEN, missing.length);
        assertEquals(Errno.NO_SUCH_ROW.code(), f.call("datastore_update_bsatn", f.tableId(), pk, BUF, LEN));
    }

    @Test
    void deleteAllByEqAndClear() {
        f.inTx();
        seed();
        byte[] rel = new BsatnWriter().writeU32(2).writeRaw(person(1, "Al", 30)).writeRaw(person(9, "No", 1)).toByteArray();
        f.mem().write(P, rel);
        assertEquals(0, f.call("datastore_delete_all_by_eq_bsatn", f.tableId(), P, rel.length, OUT));
        assertEquals(1, f.mem().readInt(OUT));
        assertEquals(Errno.BSATN_DECODE_ERROR.code(),
                f.call("datastore_delete_all_by_eq_bsatn", f.tableId(), P, 3, OUT));
        assertEquals(0, f.call("datastore_clear", f.tableId(), OUT));
        assertEquals(2L, f.mem().readLong(OUT));
        assertEquals(Errno.NO_SUCH_TABLE.code(), f.call("datastore_clear", 12345, OUT));
    }

    @Test
    void bytesSourcesAndSinks() {
        f.inTx();
        int src = f.env.newSource(hex("0102030405"));
        assertEquals(0, f.env.newSource(new byte[0]), "empty bytes are source 0");
        assertEquals(0, f.call("bytes_source_remaining_length", src, OUT));
        assertEquals(5, f.mem().readInt(OUT));
        f.mem().writeI32(LEN, 3);
        assertEquals(0, f.call("bytes_source_read", src, BUF, LEN));
        assertEquals(3, f.mem().readInt(LEN));
        assertArrayEquals(hex("010203"), f.mem().readBytes(BUF, 3));
        f.mem().writeI32(LEN, 100);
        assertEquals(Errno.EXHAUSTED, f.call("bytes_source_read", src, BUF, LEN));
        assertEquals(2, f.mem().readInt(LEN));
        assertArrayEquals(hex("0405"), f.mem().readBytes(BUF, 2));
        assertEquals(Errno.NO_SUCH_BYTES.code(), f.call("bytes_source_read", src, BUF, LEN));
        assertEquals(Errno.NO_SUCH_BYTES.code(), f.call("bytes_source_remaining_length", src, OUT));
        assertEquals(Errno.NO_SUCH_BYTES.code(), f.call("bytes_source_remaining_length", 0, OUT));
        int sink = f.env.newSink();
        f.mem().write(BUF, hex("aabbcc"));
        f.mem().writeI32(LEN, 3);
        assertEquals(0, f.call("bytes_sink_write", sink, BUF, LEN));
        assertEquals(3, f.mem().readInt(LEN), "the length is left as written: all consumed");
        assertArrayEquals(hex("aabbcc"), f.env.sinkBytes(sink));
        assertEquals(Errno.NO_SUCH_BYTES.code(), f.call("bytes_sink_write", 99, BUF, LEN));
    }

    @Test
    void consoleLogNeverTrapsAndTimersLogSpans() {
        f.inTx();
        int t = f.putString(P, "my_target");
        int file = f.putString(P + 100, "src/lib.rs");
        int msg = f.putString(P + 200, "hello");
        f.call("console_log", 2, P, t, P + 100, file, 42, P + 200, msg);
        f.call("console_log", 1, 0, 0, 0, 0, -1, P + 200, msg);
        f.call("console_log", 0, 0, 0, 0, 0, 1, 0, 5);
        f.call("console_log", 0, 0, 0, 0, 0, 1, 1 << 30, 5);
        List<ModuleLogRecord> lines = f.log.tail(-1);
        assertEquals(2, lines.size(), "records with bad pointers are dropped silently");
        assertEquals(new ModuleLogRecord(LogLevel.INFO, lines.get(0).timestampMicros(), "my_target", "src/lib.rs", 42,
                "test", "hello"), lines.get(0));
        assertNull(lines.get(1).target());
        assertEquals(-1, lines.get(1).line());
        int timer = (int) f.call("console_timer_start", P, t);
        assertTrue(timer >= 1);
        assertEquals(0, f.call("console_timer_end", timer));
        assertEquals(Errno.NO_SUCH_CONSOLE_TIMER.code(), f.call("console_timer_end", timer));
        assertTrue(f.log.tail(1).get(0).message().contains("my_target"));
    }

    @Test
    void scheduleImmediateQueuesACallOutsideTheTransaction() {
        f.inTx();
        int n = f.putString(P, "tick");
        f.mem().write(P + 64, hex("2a000000"));
        f.call("volatile_nonatomic_schedule_immediate", P, n, P + 64, 4);
        assertEquals(List.of("tick:2a000000"), f.immediate);
        f.mem().write(P, new byte[] {(byte) 0xC3, 0x28});
        assertThrows(HostTrap.class, () -> f.call("volatile_nonatomic_schedule_immediate", P, 2, P + 64, 4));
    }

    @Test
    void identityWritesTheDatabaseIdentityLittleEndian() {
        f.noTx();
        f.call("identity", OUT);
        assertArrayEquals(AbiFixture.DB.toLittleEndian(), f.mem().readBytes(OUT, 32));
        assertThrows(HostTrap.class, () -> f.call("identity", 0));
    }

    @Test
    void getJwtReadsTheConnectionsClaims() {
        f.inTx();
        ConnectionId cid = ConnectionId.fromWords(7, 0);
        f.tx.insert(SystemTables.ST_CONNECTION_CREDENTIALS_ID, SystemTables.credentialsRow(cid, "{\"sub\":\"x\"}"));
        f.mem().write(P, cid.toLittleEndian());
        assertEquals(0, f.call("get_jwt", P, OUT));
        int src = f.mem().readInt(OUT);
        assertTrue(src > 0);
        f.mem().writeI32(LEN, 100);
        assertEquals(Errno.EXHAUSTED, f.call("bytes_source_read", src, BUF, LEN));
        assertEquals("{\"sub\":\"x\"}", new String(f.mem().readBytes(BUF, f.mem().readInt(LEN))));
        f.mem().write(P, ConnectionId.fromWords(8, 0).toLittleEndian());
        assertEquals(0, f.call("get_jwt", P, OUT));
        assertEquals(0, f.mem().readInt(OUT));
    }

    @Test
    void procedureImportsOutsideProceduresTrapOrRefuse() {
        f.noTx();
        assertThrows(HostTrap.class, () -> f.call("procedure_start_mut_tx", OUT));
        assertEquals(Errno.TRANSACTION_NOT_ANONYMOUS.code(), f.call("procedure_commit_mut_tx"));
        assertEquals(Errno.TRANSACTION_NOT_ANONYMOUS.code(), f.call("procedure_abort_mut_tx"));
        assertThrows(HostTrap.class, () -> f.call("procedure_sleep_until", 0L));
    }

    @Test
    void procedureTransactionsAndHttp() {
        f.noTx();
        List<String> events = new java.util.ArrayList<>();
        f.env.setProcedureSupport(new ProcedureSupport() {
            @Override
            public StartedTx startMutTx() {
                events.add("start");
                return new StartedTx(f.ds.begin(), new dev.lightcone.sats.Timestamp(123));
            }

            @Override
            public void commitMutTx(dev.lightcone.executor.datastore.MutTx tx) {
                events.add("commit");
                tx.commit();
            }

            @Override
            public void abortMutTx(dev.lightcone.executor.datastore.MutTx tx) {
                events.add("abort");
                tx.rollback();
            }

            @Override
            public dev.lightcone.sats.Timestamp now() {
                return new dev.lightcone.sats.Timestamp(1000);
            }

            @Override
            public HttpEgress http() {
                return (req, body) -> {
                    if (body.length == 0) {
                        throw new HttpEgress.HttpEgressException("connection refused");
                    }
                    return new HttpEgress.Response(hex("00000000 02 c800"), body);
                };
            }
        });
        assertEquals(0, f.call("procedure_start_mut_tx", OUT));
        assertEquals(123L, f.mem().readLong(OUT));
        assertEquals(Errno.WOULD_BLOCK_TRANSACTION.code(), f.call("procedure_start_mut_tx", OUT));
        assertEquals(0, insert(person(0, "P", 1)));
        f.mem().write(P, hex("00"));
        assertEquals(Errno.WOULD_BLOCK_TRANSACTION.code(), f.call("procedure_http_request", P, 1, P, 0, OUT));
        assertEquals(0, f.call("procedure_commit_mut_tx"));
        assertEquals(1, f.ds.table(f.tableId()).size());
        assertEquals(0, f.call("procedure_start_mut_tx", OUT));
        assertEquals(0, f.call("procedure_abort_mut_tx"));
        assertEquals(List.of("start", "commit", "start", "abort"), events);
        assertEquals(1000L, f.call("procedure_sleep_until", 10L), "a past wake time returns at once with now");
        // HTTP: transport failure = 21 with a BSATN string; success = two sources.
        assertEquals(Errno.HTTP_ERROR.code(), f.call("procedure_http_request", P, 1, P, 0, OUT));
        int err = f.mem().readInt(OUT);
        f.mem().writeI32(LEN, 100);
        f.call("bytes_source_read", err, BUF, LEN);
        assertArrayEquals(new BsatnWriter().writeString("connection refused").toByteArray(),
                f.mem().readBytes(BUF, f.mem().readInt(LEN)));
        f.mem().write(P + 8, hex("6869"));
        assertEquals(0, f.call("procedure_http_request", P, 1, P + 8, 2, OUT));
        assertTrue(f.mem().readInt(OUT) > 0);
        assertTrue(f.mem().readInt(OUT + 4) > 0);
    }
}
