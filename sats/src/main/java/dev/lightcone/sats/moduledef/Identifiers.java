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
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("is a reserved word");
        }
        return Optional.empty();
    }
}
