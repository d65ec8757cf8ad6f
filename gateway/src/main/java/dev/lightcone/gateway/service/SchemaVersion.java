package dev.lightcone.gateway.service;

import java.util.Optional;

/** The module-definition version the schema route renders ({@code ?version=}). */
public enum SchemaVersion {
    /** {@code RawModuleDefV9}. */
    V9(9),
    /** {@code RawModuleDefV10}. */
    V10(10);

    private final int number;

    SchemaVersion(int number) {
        this.number = number;
    }

    /** The number in the query string. */
    public int number() {
        return number;
    }

    /** Parses the {@code version} query value. */
    public static Optional<SchemaVersion> fromQueryValue(String value) {
        for (SchemaVersion v : values()) {
            if (Integer.toString(v.number).equals(value)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
