package dev.lightcone.gateway.service;

import java.util.Optional;

/** What kind of module program a database runs ({@code host_type} on publish). */
public enum HostType {
    /** A WebAssembly module. */
    WASM("wasm", "Wasm"),
    /** A JavaScript bundle (accepted on the wire; the engine may refuse it). */
    JS("js", "Js");

    private final String queryValue;
    private final String jsonVariant;

    HostType(String queryValue, String jsonVariant) {
        this.queryValue = queryValue;
        this.jsonVariant = jsonVariant;
    }

    /** The {@code host_type} query value, e.g. {@code wasm}. */
    public String queryValue() {
        return queryValue;
    }

    /** The SATS-JSON variant name, e.g. {@code Wasm}. */
    public String jsonVariant() {
        return jsonVariant;
    }

    /** Parses a {@code host_type} query value (case-insensitive). */
    public static Optional<HostType> fromQueryValue(String value) {
        for (HostType h : values()) {
            if (h.queryValue.equalsIgnoreCase(value)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
