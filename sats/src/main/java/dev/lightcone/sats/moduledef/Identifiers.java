package dev.lightcone.sats.moduledef;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rule for canonical names (module-abi §8.6): non-empty, NFC-normalised, first character a letter
 * or {@code _}, the rest letters, digits or {@code _} (Java's Unicode identifier classes stand in for
 * XID_Start/XID_Continue), and not a reserved word.
 */
public final class Identifiers {
    private Identifiers() {
    }

    /**
     * Words that would make SQL over the name ambiguous. A subset of SpacetimeDB's
     * {@code reserved_identifiers.txt}, compared case-insensitively.
     */
    public static final Set<String> RESERVED = Set.of(
            "select", "from", "where", "and", "or", "not", "join", "on", "as", "inner", "left", "right", "outer",
            "true", "false", "null", "is", "table", "insert", "update", "delete", "set", "values", "into",
            "limit", "order", "group", "by", "having", "distinct", "all", "create", "drop", "alter", "in",
            "between", "like", "count", "offset");

    /** Why {@code name} is not a valid identifier, or empty if it is. */
    public static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            return Optional.of("is not in Unicode NFC form");
        }
        int first = name.codePointAt(0);
        if (first != '_' && !Character.isUnicodeIdentifierStart(first)) {
            return Optional.of("must start with a letter or '_'");
        }
        boolean partsOk = name.codePoints().skip(1)
                .allMatch(c -> c == '_' || (Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c)));
        if (!partsOk) {
            return Optional.of("may only contain letters, digits and '_'");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("is a reserved word");
        }
        return Optional.empty();
    }
}
