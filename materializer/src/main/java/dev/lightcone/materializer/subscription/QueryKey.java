package dev.lightcone.materializer.subscription;

import dev.lightcone.materializer.plan.CompiledQuery;
import dev.lightcone.sats.Identity;

/**
 * What makes two subscriptions the same query: the text, whether RLS applies (owner or not), and the
 * subscriber's identity when the plan reads {@code :sender}.
 */
record QueryKey(String sql, boolean owner, Identity sender) {

    static QueryKey of(CompiledQuery q, boolean owner, Identity identity) {
        return new QueryKey(q.sql(), owner, q.usesSender() ? identity : null);
    }
}
