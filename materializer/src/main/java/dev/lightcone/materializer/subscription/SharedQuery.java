package dev.lightcone.materializer.subscription;

import dev.lightcone.materializer.plan.CompiledQuery;
import java.util.LinkedHashSet;
import java.util.Set;

/** A compiled query and the query sets subscribed to it. */
final class SharedQuery {
    final long id;
    final QueryKey key;
    final CompiledQuery plan;
    final Set<SetRef> subscribers = new LinkedHashSet<>();

    SharedQuery(long id, QueryKey key, CompiledQuery plan) {
        this.id = id;
        this.key = key;
        this.plan = plan;
    }

    /** One query set of one client. */
    record SetRef(ClientState client, int querySetId) {
    }
}
