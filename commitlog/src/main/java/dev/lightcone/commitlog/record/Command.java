package dev.lightcone.commitlog.record;

import dev.lightcone.sats.Timestamp;

/**
 * One state-changing input, as stored in the command log. Every case carries the timestamp the
 * executor hands to the module, so replay never reads a clock. Byte arrays inside records are owned by
 * the record and never mutated (they are not copied, to keep the ingest and replay paths allocation-lean).
 */
public sealed interface Command
        permits PublishModule, CallReducer, ClientConnected, ClientDisconnected, ScheduleFire, CommittedEffects,
        RunSql, NodeGone, SubscribeViews {

    /** The logical time of this input, stamped once by ingest. */
    Timestamp timestamp();

    /** Calls the visitor's method for this record's kind. */
    <R> R accept(Visitor<R> visitor);

    /** One method per record kind, so a handler of every kind is checked by the compiler. */
    interface Visitor<R> {
        R visitPublishModule(PublishModule c);

        R visitCallReducer(CallReducer c);

        R visitClientConnected(ClientConnected c);

        R visitClientDisconnected(ClientDisconnected c);

        R visitScheduleFire(ScheduleFire c);

        R visitCommittedEffects(CommittedEffects c);

        R visitRunSql(RunSql c);

        R visitNodeGone(NodeGone c);

        R visitSubscribeViews(SubscribeViews c);
    }
}
