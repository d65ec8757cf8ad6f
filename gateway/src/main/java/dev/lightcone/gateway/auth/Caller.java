package dev.lightcone.gateway.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightcone.sats.Identity;
import java.util.Objects;

/**
 * An authenticated client: its identity, the token that proved it and that token's claims.
 *
 * @param identity the identity derived from {@code iss} and {@code sub}
 * @param issuer   the {@code iss} claim
 * @param subject  the {@code sub} claim
 * @param token    the compact JWT the caller presented or was just issued
 * @param claims   every claim of the token (never mutated; copy before changing)
 */
public record Caller(Identity identity, String issuer, String subject, String token, ObjectNode claims) {
    /** Checks for nulls. */
    public Caller {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(claims, "claims");
    }

    @Override
    public String toString() {
        return "Caller[" + identity + "]";
    }
}
