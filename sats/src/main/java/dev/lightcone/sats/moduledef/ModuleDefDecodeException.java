package dev.lightcone.sats.moduledef;

import java.util.Optional;

/**
 * Module-definition bytes that do not decode: malformed BSATN, an unknown envelope version or
 * section tag, or trailing bytes. Carries the byte offset and, when known, the section being read.
 */
public final class ModuleDefDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int offset;
    private final String section;

    /** A failure at {@code offset} inside {@code section} (null when outside any section). */
    public ModuleDefDecodeException(String message, int offset, String section, Throwable cause) {
        super((section == null ? "" : "in section " + section + ": ") + message + " (at byte " + offset + ")",
                cause);
        this.offset = offset;
        this.section = section;
    }

    /** The byte offset, from the start of the definition bytes, where decoding failed. */
    public int offset() {
        return offset;
    }

    /** The section being decoded, e.g. {@code Tables (#2)}, if the failure was inside one. */
    public Optional<String> section() {
        return Optional.ofNullable(section);
    }
}
