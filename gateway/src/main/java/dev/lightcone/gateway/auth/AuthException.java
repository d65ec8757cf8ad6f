package dev.lightcone.gateway.auth;

import dev.lightcone.sats.LightconeException;

/** Credentials were refused; {@link #failure()} says why and {@link #responseText()} what to answer. */
public final class AuthException extends LightconeException {
    private static final long serialVersionUID = 1L;
    private final AuthFailure failure;
    private final String responseText;

    /** A refusal of kind {@code failure}; {@code detail} refines {@link AuthFailure#INVALID_CLAIMS}, else is logged. */
    public AuthException(AuthFailure failure, String detail) {
        super(failure.message() + (detail == null ? "" : " (" + detail + ")"));
        this.failure = failure;
        this.responseText = failure == AuthFailure.INVALID_CLAIMS && detail != null
                ? failure.message() + ": " + detail : failure.message();
    }

    /** The kind of refusal. */
    public AuthFailure failure() {
        return failure;
    }

    /** The text to send to the client. */
    public String responseText() {
        return responseText;
    }
}
