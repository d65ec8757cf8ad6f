package dev.lightcone.gateway.protocol;

/** Why bytes from the wire did not decode as a protocol message or frame. */
public enum DecodeError {
    /** A sum tag (message, variant, option) outside its range. */
    UNKNOWN_TAG,
    /** The input ended inside a value, or a length points past the end. */
    TRUNCATED,
    /** Bytes were left after a message where the framing allows exactly one. */
    TRAILING_BYTES,
    /** {@code CallReducer.flags} or {@code CallProcedure.flags} was not 0. */
    INVALID_FLAGS,
    /** A string was not valid UTF-8. */
    INVALID_UTF8,
    /** A row list's size hint does not describe its row data. */
    INVALID_ROW_LIST,
    /** A v3 frame held no message at all. */
    EMPTY_FRAME,
    /** A server frame's compression tag is not 0, 1 or 2. */
    UNKNOWN_COMPRESSION,
    /** A server frame uses a compression this side cannot decode (brotli). */
    UNSUPPORTED_COMPRESSION,
    /** Compressed payload bytes were corrupt. */
    CORRUPT_COMPRESSED_DATA,
    /** A value is structurally valid but out of range (e.g. an unsigned count too large for Java). */
    OUT_OF_RANGE
}
