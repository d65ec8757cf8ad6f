package dev.lightcone.executor.host;

import static dev.lightcone.executor.host.ImportDecl.a;
import static dev.lightcone.executor.host.ImportDecl.ret;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The import table of ABI major 10: every function of {@code spacetime_10.0} to {@code spacetime_10.5}
 * at its exact signature (module-abi §5.7), each a one-line delegation to {@link HostEnv}.
 */
final class Abi10Imports {
    /** The highest minor version of ABI 10 this host implements. */
    static final int MAX_MINOR = 5;

    private Abi10Imports() {
    }

    static List<HostFunction> all(HostEnv env, HostEnv.ImmediateScheduler immediate) {
        List<HostFunction> all = new ArrayList<>();
        all.addAll(v0(env, immediate));
        all.addAll(new ImportDecl("spacetime_10.1")
                .i32("bytes_source_remaining_length", 2, (i, x) -> ret(env.bytesSourceRemainingLength(a(x, 0), a(x, 1))))
                .functions());
        all.addAll(new ImportDecl("spacetime_10.2")
                .i32("get_jwt", 2, (i, x) -> ret(env.getJwt(a(x, 0), a(x, 1))))
                .functions());
        all.addAll(new ImportDecl("spacetime_10.3")
                .add("procedure_sleep_until", List.of(ValType.I64), List.of(ValType.I64),
                        (i, x) -> new long[] {env.procedureSleepUntil(x[0])})
                .i32("procedure_start_mut_tx", 1, (i, x) -> ret(env.procedureStartMutTx(a(x, 0))))
                .i32("procedure_commit_mut_tx", 0, (i, x) -> ret(env.procedureCommitMutTx()))
                .i32("procedure_abort_mut_tx", 0, (i, x) -> ret(env.procedureAbortMutTx()))
                .i32("procedure_http_request", 5,
                        (i, x) -> ret(env.procedureHttpRequest(a(x, 0), a(x, 1), a(x, 2), a(x, 3), a(x, 4))))
                .functions());
        all.addAll(new ImportDecl("spacetime_10.4")
                .i32("datastore_index_scan_point_bsatn", 4,
                        (i, x) -> ret(env.indexScanPoint(a(x, 0), a(x, 1), a(x, 2), a(x, 3))))
                .i32("datastore_delete_by_index_scan_point_bsatn", 4,
                        (i, x) -> ret(env.deleteByIndexScanPoint(a(x, 0), a(x, 1), a(x, 2), a(x, 3))))
                .functions());
        all.addAll(new ImportDecl("spacetime_10.5")
                .i32("datastore_clear", 2, (i, x) -> ret(env.clear(a(x, 0), a(x, 1))))
                .functions());
        return all;
    }

    private static List<HostFunction> v0(HostEnv env, HostEnv.ImmediateScheduler immediate) {
        return new ImportDecl("spacetime_10.0")
                .i32("table_id_from_name", 3, (i, x) -> ret(env.tableIdFromName(a(x, 0), a(x, 1), a(x, 2))))
                .i32("index_id_from_name", 3, (i, x) -> ret(env.indexIdFromName(a(x, 0), a(x, 1), a(x, 2))))
                .i32("datastore_table_row_count", 2, (i, x) -> ret(env.tableRowCount(a(x, 0), a(x, 1))))
                .i32("datastore_table_scan_bsatn", 2, (i, x) -> ret(env.tableScan(a(x, 0), a(x, 1))))
                .i32("datastore_index_scan_range_bsatn", 9, (i, x) -> ret(env.indexScanRange(
                        a(x, 0), a(x, 1), a(x, 2), a(x, 3), a(x, 4), a(x, 5), a(x, 6), a(x, 7), a(x, 8))))
                .i32("datastore_btree_scan_bsatn", 9, (i, x) -> ret(env.indexScanRange(
                        a(x, 0), a(x, 1), a(x, 2), a(x, 3), a(x, 4), a(x, 5), a(x, 6), a(x, 7), a(x, 8))))
                .i32("datastore_delete_by_index_scan_range_bsatn", 9, (i, x) -> ret(env.deleteByIndexScanRange(
                        a(x, 0), a(x, 1), a(x, 2), a(x, 3), a(x, 4), a(x, 5), a(x, 6), a(x, 7), a(x, 8))))
                .i32("datastore_delete_by_btree_scan_bsatn", 9, (i, x) -> ret(env.deleteByIndexScanRange(
                        a(x, 0), a(x, 1), a(x, 2), a(x, 3), a(x, 4), a(x, 5), a(x, 6), a(x, 7), a(x, 8))))
                .i32("datastore_delete_all_by_eq_bsatn", 4,
                        (i, x) -> ret(env.deleteAllByEq(a(x, 0), a(x, 1), a(x, 2), a(x, 3))))
                .i32("row_iter_bsatn_advance", 3, (i, x) -> ret(env.rowIterAdvance(a(x, 0), a(x, 1), a(x, 2))))
                .i32("row_iter_bsatn_close", 1, (i, x) -> ret(env.rowIterClose(a(x, 0))))
                .i32("datastore_insert_bsatn", 3, (i, x) -> ret(env.insert(a(x, 0), a(x, 1), a(x, 2))))
                .i32("datastore_update_bsatn", 4, (i, x) -> ret(env.update(a(x, 0), a(x, 1), a(x, 2), a(x, 3))))
                .unit("volatile_nonatomic_schedule_immediate", 4, (i, x) -> {
                    env.scheduleImmediate(a(x, 0), a(x, 1), a(x, 2), a(x, 3), immediate);
                    return null;
                })
                .i32("bytes_sink_write", 3, (i, x) -> ret(env.bytesSinkWrite(a(x, 0), a(x, 1), a(x, 2))))
                .i32("bytes_source_read", 3, (i, x) -> ret(env.bytesSourceRead(a(x, 0), a(x, 1), a(x, 2))))
                .unit("console_log", 8, (i, x) -> {
                    env.consoleLog(a(x, 0), a(x, 1), a(x, 2), a(x, 3), a(x, 4), a(x, 5), a(x, 6), a(x, 7));
                    return null;
                })
                .i32("console_timer_start", 2, (i, x) -> ret(env.consoleTimerStart(a(x, 0), a(x, 1))))
                .i32("console_timer_end", 1, (i, x) -> ret(env.consoleTimerEnd(a(x, 0))))
                .unit("identity", 1, (i, x) -> {
                    env.identity(a(x, 0));
                    return null;
                })
                .functions();
    }
}
