package dev.lightcone.sats.moduledef;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rule for canonical names (module-abi §8.6): non-empty, NFC-normalised, first character a letter
 * or {@code _}, the rest letters, digits or {@code _} (Java's Unicode identifier classes stand in for
 * XID_Start/XID_Continue); table and view names must also not be reserved words.
 */
public final class Identifiers {
    private Identifiers() {
    }

    /**
     * Words that the SQL subset reads as keywords wherever a name may stand, compared
     * case-insensitively. Deliberately narrow: SpacetimeDB's own list is longer, but refusing a name
     * it accepts would refuse an official module, while accepting a name it refuses costs nothing.
     */
    public static final Set<String> RESERVED = Set.of(
            "select", "from", "where", "and", "or", "not", "join", "on", "as", "inner", "true", "false", "null");

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
        return Optional.empty();
    }

    /**
     * Why {@code name} cannot name a table or view, which SQL refers to: the rules of {@link #problem}
     * plus the reserved words. Functions, types and columns may use reserved words.
     */
    public static Optional<String> relationProblem(String name) {
        Optional<String> p = problem(name);
        if (p.isEmpty() && RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("is a reserved word");
        }
        return p;
    }
}
