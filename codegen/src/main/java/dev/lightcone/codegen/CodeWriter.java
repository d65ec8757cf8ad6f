package dev.lightcone.codegen;

/** Builds a source file line by line with two-space indentation; blank lines carry no indentation. */
final class CodeWriter {
    private static final String INDENT = "  ";
    private final StringBuilder out = new StringBuilder();
    private int level;

    /** Writes one line at the current indentation. */
    CodeWriter line(String text) {
        if (!text.isEmpty()) {
            out.append(INDENT.repeat(level)).append(text);
        }
        out.append('\n');
        return this;
    }

    /** Writes an empty line. */
    CodeWriter blank() {
        return line("");
    }

    CodeWriter indent() {
        level++;
        return this;
    }

    CodeWriter dedent() {
        if (level == 0) {
            throw new IllegalStateException("dedent below zero");
        }
        level--;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
