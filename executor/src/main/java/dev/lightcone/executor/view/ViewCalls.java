package dev.lightcone.executor.view;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.host.CallResult;
import dev.lightcone.executor.host.ModuleInstance;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Calls a function view on a module instance and decodes its result (module-abi §6.5). */
public final class ViewCalls {
    private static final int LEGACY_ROWS = 0;
    private static final int USER_ERROR = 1;
    private static final int HEADER_FORMAT = 2;
    private static final int TAG_ROW_DATA = 0;
    private static final int TAG_RAW_SQL = 1;

    private ViewCalls() {
    }

    /**
     * Runs {@code view} for {@code sender} (ignored for anonymous views) reading {@code tx}, which it
     * cannot write.
     *
     * @throws ViewFailedException if the view traps, times out, returns an error or malformed rows
     */
    public static ViewResult call(ModuleInstance instance, ViewSchema view, Identity sender, MutTx tx,
            Timestamp timestamp) {
        CallContext ctx = new CallContext(view.isAnonymous() ? Identity.ZERO : sender, ConnectionId.ZERO, timestamp);
        CallResult result = view.isAnonymous()
                ? instance.callViewAnonymous(view.index(), view.name(), ctx, tx)
                : instance.callView(view.index(), view.name(), ctx, tx);
        if (result instanceof CallResult.Trapped trap) {
            throw new ViewFailedException(view.name(), trap.message());
        }
        CallResult.Returned ret = (CallResult.Returned) result;
        byte[] out = ret.output();
        try {
            return switch (ret.code()) {
                case HEADER_FORMAT -> withHeader(view, out);
                case LEGACY_ROWS -> new ViewResult.Rows(rows(view, new BsatnReader(out)));
                case USER_ERROR -> throw new ViewFailedException(view.name(), new String(out, StandardCharsets.UTF_8));
                default -> throw new ViewFailedException(view.name(), "the view returned code " + ret.code());
            };
        } catch (dev.lightcone.sats.bsatn.BsatnDecodeException e) {
            throw new ViewFailedException(view.name(), "its result is not BSATN of its row type: " + e.getMessage());
        }
    }

    private static ViewResult withHeader(ViewSchema view, byte[] out) {
        BsatnReader r = new BsatnReader(out);
        int tag = r.readU8();
        if (tag == TAG_ROW_DATA) {
            return new ViewResult.Rows(rows(view, r));
        }
        if (tag == TAG_RAW_SQL) {
            String sql = r.readString();
            r.expectEnd();
            return new ViewResult.Query(sql);
        }
        throw new ViewFailedException(view.name(), "unknown view result header tag " + tag);
    }

    private static List<byte[]> rows(ViewSchema view, BsatnReader r) {
        int n = r.readLength(1);
        List<byte[]> rows = new ArrayList<>(n);
        byte[] buf = r.array();
        for (int i = 0; i < n; i++) {
            int start = r.absolutePosition();
            Bsatn.skip(r, view.rowType(), Typespace.EMPTY);
            rows.add(Arrays.copyOfRange(buf, start, r.absolutePosition()));
        }
        r.expectEnd();
        return rows;
    }
}
