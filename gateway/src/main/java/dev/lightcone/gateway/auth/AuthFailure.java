package dev.lightcone.gateway.auth;

/** Why a request's credentials were refused; each has the text SpacetimeDB answers with. */
public enum AuthFailure {
    /** No token where one is required. */
    MISSING("Authorization required"),
    /** The token is not a well-formed JWS with a JSON object payload. */
    MALFORMED("Authorization is invalid: malformed token"),
    /** The token was not signed by this instance's key (or uses another algorithm). */
    NOT_SIGNED_BY_THIS_INSTANCE("Authorization failed: token not signed by this instance"),
    /** The signature is ours but the claims are unacceptable (expired, missing subject, identity mismatch). */
    INVALID_CLAIMS("Authorization failed");

    private final String message;

    AuthFailure(String message) {
        this.message = message;
    }

    /** The response text (for {@link #INVALID_CLAIMS}, followed by {@code ": "} and the reason). */
    public String message() {
        return message;
    }
}
