package dev.lightcone.materializer.subscription;

import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.materializer.plan.SqlCaller;
import dev.lightcone.materializer.plan.ChangeSet;
import dev.lightcone.materializer.plan.CompiledQuery;
import dev.lightcone.materializer.plan.Delta;
import dev.lightcone.materializer.plan.QueryCompiler;
import dev.lightcone.materializer.plan.TableReader;
import dev.lightcone.materializer.sql.SqlException;
import dev.lightcone.sats.ConnectionId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The subscriptions of one database (semantics.md §5). Clients register query sets; identical queries
 * (same text, same owner-ness, same identity when {@code :sender} matters) are compiled plans shared by
 * all their subscribers and evaluated once per transaction.
 *
 * <p>Not thread-safe: one thread calls it between transactions, passing the committed state. Initial
 * rows ({@link #subscribe}) must be read from the same state the following {@link #onTransaction} calls
 * start from, so that no transaction is missed or counted twice.
 */
public final class SubscriptionManager {
    private final QueryCompiler compiler;
    private final Map<ConnectionId, ClientState> clients = new HashMap<>();
    private final Map<QueryKey, SharedQuery> queries = new HashMap<>();
    private final Map<Integer, Set<SharedQuery>> byTable = new HashMap<>();
    private long nextQueryId = 1;
    private long nextClientSeq;
    private long evaluations;

    public SubscriptionManager(QueryCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * Registers a query set and returns its current rows, one entry per distinct query.
     *
     * @param state the committed state to read initial rows from
     * @throws SubscriptionException if the id is in use or any query fails to compile (nothing is registered)
     */
    public QuerySetRows subscribe(ConnectionId client, SqlCaller caller, int querySetId, List<String> sqls,
            TableReader state) {
        ClientState c = clients.get(client);
        if (c != null && c.querySets.containsKey(querySetId)) {
            throw new SubscriptionException(querySetId, "Subscription with id " + querySetId + " already exists");
        }
        if (c != null && !c.caller.equals(caller)) {
            throw new IllegalArgumentException("connection " + client + " is already bound to another caller");
        }
        List<CompiledQuery> compiled = new ArrayList<>();
        Set<String> seenText = new LinkedHashSet<>();
        for (String sql : sqls) {
            if (!seenText.add(sql)) {
                continue;
            }
            try {
                compiled.addAll(compiler.compileSubscription(sql, caller));
            } catch (SqlException e) {
                throw new SubscriptionException(querySetId, e.getMessage(), e);
            }
        }
        List<SharedQuery> set = new ArrayList<>();
        Set<QueryKey> seenKeys = new LinkedHashSet<>();
        List<TableRows> rows = new ArrayList<>();
        for (CompiledQuery q : compiled) {
            QueryKey key = QueryKey.of(q, caller.isOwner(), caller.identity());
            if (!seenKeys.add(key)) {
                continue;
            }
            SharedQuery shared = queries.get(key);
            if (shared == null) {
                shared = new SharedQuery(nextQueryId++, key, q);
            }
            set.add(shared);
            rows.add(new TableRows(shared.plan.tableName(), shared.plan.evaluate(state)));
        }
        if (c == null) {
            c = new ClientState(client, caller, nextClientSeq++);
            clients.put(client, c);
        }
        c.querySets.put(querySetId, set);
        for (SharedQuery q : set) {
            attach(q, new SharedQuery.SetRef(c, querySetId));
        }
        return new QuerySetRows(rows);
    }

    /**
     * Removes a query set; with {@code sendRows}, returns the rows it currently matches (read from
     * {@code state}) so that the client can drop them.
     *
     * @throws SubscriptionException if the client has no such query set
     */
    public Optional<QuerySetRows> unsubscribe(ConnectionId client, int querySetId, boolean sendRows, TableReader state) {
        ClientState c = clients.get(client);
        List<SharedQuery> set = c == null ? null : c.querySets.get(querySetId);
        if (set == null) {
            throw new SubscriptionException(querySetId, "Subscription with id " + querySetId + " does not exist");
        }
        Optional<QuerySetRows> rows = Optional.empty();
        if (sendRows) {
            List<TableRows> out = new ArrayList<>(set.size());
            for (SharedQuery q : set) {
                out.add(new TableRows(q.plan.tableName(), q.plan.evaluate(state)));
            }
            rows = Optional.of(new QuerySetRows(out));
        }
        removeSet(c, querySetId);
        return rows;
    }

    /** Forgets a disconnected client and all its query sets. */
    public void removeClient(ConnectionId client) {
        ClientState c = clients.get(client);
        if (c == null) {
            return;
        }
        for (Integer id : new ArrayList<>(c.querySets.keySet())) {
            removeSet(c, id);
        }
        clients.remove(client);
    }

    /**
     * Computes what every subscriber receives for one committed transaction.
     *
     * @param changes   the transaction's net changes per table
     * @param postState the committed state after the transaction
     */
    public TransactionUpdates onTransaction(List<TableChanges> changes, TableReader postState) {
        if (queries.isEmpty()) {
            return TransactionUpdates.EMPTY;
        }
        ChangeSet cs = ChangeSet.of(changes);
        if (cs.isEmpty()) {
            return TransactionUpdates.EMPTY;
        }
        Set<SharedQuery> affected = new LinkedHashSet<>();
        for (TableChanges tc : cs.changes()) {
            Set<SharedQuery> qs = byTable.get(tc.tableId());
            if (qs != null && !tc.isEmpty()) {
                affected.addAll(qs);
            }
        }
        Map<SharedQuery, QueryDelta> updates = new IdentityHashMap<>();
        List<QueryDelta> ordered = new ArrayList<>();
        List<QuerySetFailure> failures = new ArrayList<>();
        TreeMap<Long, Map<Integer, ClientState>> touched = new TreeMap<>();
        for (SharedQuery q : affected) {
            Delta d;
            try {
                evaluations++;
                d = q.plan.delta(cs, postState);
            } catch (RuntimeException e) {
                for (SharedQuery.SetRef ref : q.subscribers) {
                    failures.add(new QuerySetFailure(ref.client().id, ref.querySetId(), String.valueOf(e.getMessage())));
                }
                continue;
            }
            if (d.isEmpty()) {
                continue;
            }
            QueryDelta u = new QueryDelta(q.id, q.plan.tableName(), q.plan.isEvent(), d.inserts(), d.deletes());
            updates.put(q, u);
            ordered.add(u);
            for (SharedQuery.SetRef ref : q.subscribers) {
                touched.computeIfAbsent(ref.client().seq, k -> new TreeMap<>()).put(ref.querySetId(), ref.client());
            }
        }
        for (QuerySetFailure f : failures) {
            ClientState c = clients.get(f.client());
            if (c != null && c.querySets.containsKey(f.querySetId())) {
                removeSet(c, f.querySetId());
            }
            Map<Integer, ClientState> sets = c == null ? null : touched.get(c.seq);
            if (sets != null) {
                sets.remove(f.querySetId());
            }
        }
        // Clients subscribed to the same queries get the same objects: built once, and recognised as the same by
        // reference when the gateway encodes them, client after client.
        Map<List<SharedQuery>, List<TableDelta>> tablesOfSet = new HashMap<>();
        Map<List<SetShape>, List<QuerySetDelta>> sameUpdates = new HashMap<>();
        List<ClientUpdate> out = new ArrayList<>();
        for (Map<Integer, ClientState> sets : touched.values()) {
            if (sets.isEmpty()) {
                continue;
            }
            ClientState c = sets.values().iterator().next();
            List<SetShape> shape = new ArrayList<>(sets.size());
            for (Map.Entry<Integer, List<SharedQuery>> set : c.querySets.entrySet()) {
                if (sets.containsKey(set.getKey())) {
                    shape.add(new SetShape(set.getKey(),
                            tablesOfSet.computeIfAbsent(set.getValue(), qs -> tables(qs, updates))));
                }
            }
            out.add(new ClientUpdate(c.id, sameUpdates.computeIfAbsent(shape, SetShape::deltas)));
        }
        return new TransactionUpdates(ordered, out, failures);
    }

    /** A client's query set in one transaction's update: its id and its tables, compared by reference. */
    private record SetShape(int querySetId, List<TableDelta> tables) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SetShape other && other.querySetId == querySetId && other.tables == tables;
        }

        @Override
        public int hashCode() {
            return 31 * querySetId + System.identityHashCode(tables);
        }

        static List<QuerySetDelta> deltas(List<SetShape> shape) {
            List<QuerySetDelta> out = new ArrayList<>(shape.size());
            for (SetShape s : shape) {
                out.add(new QuerySetDelta(s.querySetId, s.tables));
            }
            return List.copyOf(out);
        }
    }

    /** A query set's share of a transaction's query updates, table by table in the order its queries name them. */
    private static List<TableDelta> tables(List<SharedQuery> querySet, Map<SharedQuery, QueryDelta> updates) {
        Map<String, List<QueryDelta>> byName = new LinkedHashMap<>();
        for (SharedQuery q : querySet) {
            QueryDelta u = updates.get(q);
            if (u != null) {
                byName.computeIfAbsent(u.tableName(), k -> new ArrayList<>()).add(u);
            }
        }
        List<TableDelta> tables = new ArrayList<>(byName.size());
        byName.forEach((name, us) -> tables.add(new TableDelta(name, us)));
        return List.copyOf(tables);
    }

    /**
     * Takes over the query sets of {@code previous}, the subscriptions made against a module that a publish
     * replaced: each is compiled again against this manager's schema, so compatible updates keep clients'
     * subscriptions streaming. A query set that no longer compiles (a table gone or made private, a join whose
     * index was removed) is dropped and reported, so that its client gets a {@code SubscriptionError}.
     *
     * @param state the committed state after the publish
     */
    public List<QuerySetFailure> adopt(SubscriptionManager previous, TableReader state) {
        List<QuerySetFailure> failures = new ArrayList<>();
        List<ClientState> olds = new ArrayList<>(previous.clients.values());
        olds.sort(java.util.Comparator.comparingLong(c -> c.seq));
        for (ClientState old : olds) {
            for (Map.Entry<Integer, List<SharedQuery>> set : old.querySets.entrySet()) {
                List<String> sqls = set.getValue().stream().map(q -> q.plan.sql()).toList();
                try {
                    subscribe(old.id, old.caller, set.getKey(), sqls, state);
                } catch (SubscriptionException e) {
                    failures.add(new QuerySetFailure(old.id, set.getKey(), e.getMessage()));
                }
            }
        }
        return failures;
    }

    /** How many shared-query delta evaluations {@link #onTransaction} has run (for tests and metrics). */
    public long evaluations() {
        return evaluations;
    }

    /** The number of distinct queries currently subscribed. */
    public int sharedQueryCount() {
        return queries.size();
    }

    /** The number of connected clients with at least one query set. */
    public int clientCount() {
        return clients.size();
    }

    /** True if the client has this query set. */
    public boolean hasQuerySet(ConnectionId client, int querySetId) {
        ClientState c = clients.get(client);
        return c != null && c.querySets.containsKey(querySetId);
    }

    private void attach(SharedQuery q, SharedQuery.SetRef ref) {
        if (q.subscribers.isEmpty()) {
            queries.put(q.key, q);
            for (int id : q.plan.tableIds()) {
                byTable.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(q);
            }
        }
        q.subscribers.add(ref);
    }

    private void removeSet(ClientState c, int querySetId) {
        List<SharedQuery> set = c.querySets.remove(querySetId);
        if (set == null) {
            return;
        }
        for (SharedQuery q : set) {
            q.subscribers.remove(new SharedQuery.SetRef(c, querySetId));
            if (q.subscribers.isEmpty()) {
                queries.remove(q.key);
                for (int id : q.plan.tableIds()) {
                    Set<SharedQuery> s = byTable.get(id);
                    if (s != null) {
                        s.remove(q);
                        if (s.isEmpty()) {
                            byTable.remove(id);
                        }
                    }
                }
            }
        }
        if (c.querySets.isEmpty()) {
            clients.remove(c.id);
        }
    }
}
