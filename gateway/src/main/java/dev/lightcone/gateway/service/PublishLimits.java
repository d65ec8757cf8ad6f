package dev.lightcone.gateway.service;

/**
 * How large a module may be. A publish is one command-log record carrying the whole module, and one Chronicle
 * record holds at most 16 MiB less 1 KiB; the limit leaves room for the rest of the record and is the same for
 * every log (Kafka allows more, but a database must be movable between the two). Larger modules are refused
 * before anything is created, with 413 and the limit in the text.
 */
public final class PublishLimits {
    /** The largest module accepted, in bytes (15 MiB). */
    public static final int MAX_MODULE_BYTES = 15 << 20;

    private PublishLimits() {
    }
}
