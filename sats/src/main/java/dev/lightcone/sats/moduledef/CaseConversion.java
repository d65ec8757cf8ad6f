package dev.lightcone.sats.moduledef;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The name conversions of the SnakeCase policy (module-abi §8.6), following the word splitting of the
 * Rust {@code convert_case} crate: words break at {@code _ - } and space, at lower→upper
 * ({@code playerState}), at the end of an acronym ({@code HTTPServer} → {@code HTTP Server}) and between
 * letters and digits ({@code u8} → {@code u 8}, which is why table {@code one_u8} becomes {@code one_u_8}).
 */
public final class CaseConversion {
    private CaseConversion() {
    }

    /** {@code PlayerState} → {@code player_state}, {@code one_u8} → {@code one_u_8}. */
    public static String toSnakeCase(String name) {
        return String.join("_", words(name).stream().map(w -> w.toLowerCase(Locale.ROOT)).toList());
    }

    /** {@code player_state} → {@code PlayerState}. */
    public static String toPascalCase(String name) {
        StringBuilder out = new StringBuilder();
        for (String w : words(name)) {
            out.append(capitalize(w));
        }
        return out.toString();
    }

    /** {@code PlayerState} → {@code playerState}. */
    public static String toCamelCase(String name) {
        StringBuilder out = new StringBuilder();
        for (String w : words(name)) {
            out.append(out.length() == 0 ? w.toLowerCase(Locale.ROOT) : capitalize(w));
        }
        return out.toString();
    }

    private static String capitalize(String word) {
        int first = word.offsetByCodePoints(0, 1);
        return word.substring(0, first).toUpperCase(Locale.ROOT) + word.substring(first).toLowerCase(Locale.ROOT);
    }

    /** Splits a name into words at delimiters and case/digit boundaries; empty words are dropped. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        int[] cps = name.codePoints().toArray();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '_' || c == '-' || c == ' ') {
                flush(words, word);
                continue;
            }
            if (word.length() > 0 && startsWord(cps, i)) {
                flush(words, word);
            }
            word.appendCodePoint(c);
        }
        flush(words, word);
        return words;
    }

    private static boolean startsWord(int[] cps, int i) {
        int prev = cps[i - 1];
        int c = cps[i];
        boolean lowerUpper = Character.isLowerCase(prev) && Character.isUpperCase(c);
        boolean acronymEnd = i + 1 < cps.length && Character.isUpperCase(prev) && Character.isUpperCase(c)
                && Character.isLowerCase(cps[i + 1]);
        boolean letterDigit = (Character.isLetter(prev) && Character.isDigit(c))
                || (Character.isDigit(prev) && Character.isLetter(c));
        return lowerUpper || acronymEnd || letterDigit;
    }

    private static void flush(List<String> words, StringBuilder word) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }
}
