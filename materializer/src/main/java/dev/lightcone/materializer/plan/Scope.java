package dev.lightcone.materializer.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The aliases visible to one SELECT (a query or an RLS rule) and the relation positions they denote. */
final class Scope {
    final Map<String, Integer> aliases = new LinkedHashMap<>();
    final List<Relation> relations;

    Scope(List<Relation> relations) {
        this.relations = relations;
    }

    void bind(String alias, int position) {
        if (aliases.putIfAbsent(alias, position) != null) {
            throw new UnsupportedQueryException("Duplicate name `" + alias + "`");
        }
    }
}
