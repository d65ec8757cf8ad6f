package dev.lightcone.gateway.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The decoded query parameters of one request, with typed accessors that refuse bad values with a 400. */
public final class QueryParams {
    private final Map<String, List<String>> params;

    private QueryParams(Map<String, List<String>> params) {
        this.params = params;
    }

    /** Parses the query string of {@code uri}. */
    public static QueryParams of(String uri) {
        return new QueryParams(new QueryStringDecoder(uri).parameters());
    }

    /** The first value of {@code name}. */
    public Optional<String> get(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** {@code true}/{@code false} (case-insensitive), or {@code dflt} when absent. */
    public boolean bool(String name, boolean dflt) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return dflt;
        }
        if ("true".equalsIgnoreCase(v.get())) {
            return true;
        }
        if ("false".equalsIgnoreCase(v.get())) {
            return false;
        }
        throw BadRequestException.of("invalid value for query parameter " + name + ": " + v.get());
    }

    /** A non-negative integer, or empty when absent. */
    public Optional<Integer> nonNegativeInt(String name) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= 0) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal below, which names the parameter
        }
        throw BadRequestException.of("invalid value for query parameter " + name + ": " + v.get());
    }
}
