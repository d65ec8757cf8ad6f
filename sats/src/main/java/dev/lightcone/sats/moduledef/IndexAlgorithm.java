package dev.lightcone.sats.moduledef;

/** How an index is organised; only {@link #BTREE} and {@link #DIRECT} answer range scans. */
public enum IndexAlgorithm {
    BTREE,
    HASH,
    DIRECT;

    /** The suffix used in generated index names, e.g. {@code _idx_btree}. */
    public String nameSuffix() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean supportsRanges() {
        return this != HASH;
    }
}
