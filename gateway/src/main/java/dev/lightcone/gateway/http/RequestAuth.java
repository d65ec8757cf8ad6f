package dev.lightcone.gateway.http;

import dev.lightcone.gateway.auth.AuthException;
import dev.lightcone.gateway.auth.AuthFailure;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.auth.TokenService;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Optional;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Credentials of a request: {@code Authorization: Bearer <jwt>} (preferred) or {@code ?token=<jwt>}. A present but
 * bad token is always refused; an absent one is refused, ignored or replaced by a freshly minted identity depending
 * on the route.
 */
public final class RequestAuth {
    private static final String BEARER = "bearer ";

    private final TokenService tokens;

    /** Validates with {@code tokens}. */
    public RequestAuth(TokenService tokens) {
        this.tokens = tokens;
    }

    /** The token service. */
    public TokenService tokens() {
        return tokens;
    }

    /** The caller if the request carries a token; empty if it carries none. */
    public Optional<Caller> optional(HttpServerRequest req) {
        String header = req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null) {
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new AuthException(AuthFailure.MALFORMED, "Authorization header is not a Bearer token");
            }
            return Optional.of(tokens.validate(header.substring(BEARER.length()).trim()));
        }
        List<String> query = new QueryStringDecoder(req.uri()).parameters().get("token");
        if (query != null && !query.isEmpty()) {
            return Optional.of(tokens.validate(query.get(0)));
        }
        return Optional.empty();
    }

    /** The caller; {@link AuthFailure#MISSING} when the request has no token. */
    public Caller required(HttpServerRequest req) {
        return optional(req).orElseThrow(() -> new AuthException(AuthFailure.MISSING, null));
    }

    /** The caller, or a freshly minted anonymous identity when the request has no token. */
    public Caller orMint(HttpServerRequest req) {
        return optional(req).orElseGet(tokens::mintIdentity);
    }
}
