package dev.lightcone.gateway.service;

import dev.lightcone.sats.Identity;
import java.util.Optional;

/**
 * SpacetimeDB's rule for database names: lower-case ASCII letters and digits in runs joined by single hyphens
 * ({@code ^[a-z0-9]+(-[a-z0-9]+)*$}), and never something that reads as an identity. Names reach logs, metrics
 * and the catalog, so anything else (control characters, slashes, dots) is refused before it is used.
 */
public final class DatabaseName {
    /** The rule as a regular expression, for messages and docs. */
    public static final String PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";

    private DatabaseName() {
    }

    /** Why {@code name} is not a valid database name (upstream's wording), or empty when it is valid. */
    public static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("database names cannot be empty");
        }
        if (Identity.isHex(name)) {
            return Optional.of("database names cannot be identities");
        }
        boolean afterHyphen = true; // a name may not start with a hyphen
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-') {
                if (afterHyphen) {
                    return Optional.of("invalid hyphen in database name");
                }
                afterHyphen = true;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                afterHyphen = false;
            } else {
                return Optional.of("invalid characters in database name");
            }
        }
        return afterHyphen ? Optional.of("invalid hyphen in database name") : Optional.empty();
    }

    /**
     * Returns {@code name} if it is valid.
     *
     * @throws ServiceException {@link ServiceFailure#BAD_REQUEST} naming the problem and the rule
     */
    public static String require(String name) {
        Optional<String> why = problem(name);
        if (why.isPresent()) {
            throw new ServiceException(ServiceFailure.BAD_REQUEST, "invalid database name " + quoted(name) + ": "
                    + why.get() + " (a name is lower-case letters and digits, in runs joined by single hyphens: "
                    + PATTERN + ")");
        }
        return name;
    }

    /** The name in backquotes with control and non-ASCII characters escaped, so the message stays one clean line. */
    private static String quoted(String name) {
        StringBuilder b = new StringBuilder("`");
        name.codePoints().limit(80).forEach(cp -> {
            if (cp < 0x20 || cp >= 0x7f || cp == '`') {
                b.append(String.format("\\u{%x}", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        if (name.codePointCount(0, name.length()) > 80) {
            b.append("…");
        }
        return b.append('`').toString();
    }
}
