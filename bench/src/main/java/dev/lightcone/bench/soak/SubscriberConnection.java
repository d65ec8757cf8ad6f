package dev.lightcone.bench.soak;

import dev.lightcone.gateway.protocol.BsatnRowList;
import dev.lightcone.gateway.protocol.ClientMessage;
import dev.lightcone.gateway.protocol.QuerySetId;
import dev.lightcone.gateway.protocol.QuerySetUpdate;
import dev.lightcone.gateway.protocol.ServerMessage;
import dev.lightcone.gateway.protocol.SingleTableRows;
import dev.lightcone.gateway.protocol.TableUpdate;
import dev.lightcone.gateway.protocol.TableUpdateRows;
import dev.lightcone.gateway.protocol.TransactionUpdate;
import dev.lightcone.sats.bsatn.BsatnReader;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * A confirmed subscriber of the chat's {@code message} table: every row it is sent as committed (in
 * {@code SubscribeApplied} or an update) was durable, so its marker is recorded as observed and must survive every
 * later kill, like an acknowledged call.
 */
final class SubscriberConnection extends SoakSocket {
    /** A {@code message} row is {@code (sender: Identity (32 bytes), sent: Timestamp (i64), text: String)}. */
    private static final int TEXT_OFFSET = 32 + 8;

    private final Ledger ledger;
    private final SoakStats stats;

    SubscriberConnection(Ledger ledger, SoakStats stats) {
        this.ledger = ledger;
        this.stats = stats;
    }

    @Override
    void onReady(ChannelHandlerContext ctx) {
        send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM message")));
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, ServerMessage m) {
        if (m instanceof ServerMessage.SubscribeApplied a) {
            for (SingleTableRows t : a.rows().tables()) {
                observe(t.rows());
            }
        } else if (m instanceof TransactionUpdate u) {
            stats.subscriberUpdates.increment();
            for (QuerySetUpdate q : u.querySets()) {
                for (TableUpdate t : q.tables()) {
                    for (TableUpdateRows rows : t.rows()) {
                        if (rows instanceof TableUpdateRows.PersistentTable p) {
                            observe(p.inserts());
                        }
                    }
                }
            }
        } else if (m instanceof ServerMessage.SubscriptionError e) {
            stats.unexpected("subscription error: " + e.error());
        } else {
            stats.unexpected("subscriber got " + m.getClass().getSimpleName());
        }
    }

    private void observe(BsatnRowList rows) {
        for (byte[] row : rows.rows()) {
            ledger.observe(new BsatnReader(row, TEXT_OFFSET, row.length - TEXT_OFFSET).readString());
        }
    }
}
