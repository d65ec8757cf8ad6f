package dev.lightcone.gateway.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import dev.lightcone.sats.Identity;
import java.text.ParseException;
import java.time.Clock;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Mints and validates the instance's ES256 JWTs (client-protocol §2.2). Minted payloads are, in this order,
 * {@code hex_identity}, {@code sub}, {@code iss}, {@code aud = ["spacetimedb"]}, {@code iat} and {@code exp}
 * ({@code null} for long-lived identity tokens, {@code iat + 60} for WebSocket tokens); they are pure ASCII so the
 * CLI's standard-alphabet base64 decoding reads them. Thread-safe.
 */
public final class TokenService {
    /** The issuer of tokens this instance mints, as SpacetimeDB standalone names it. */
    public static final String LOCAL_ISSUER = "localhost";
    /** The audience of minted tokens. */
    public static final String AUDIENCE = "spacetimedb";
    /** How long a WebSocket token lives, in seconds. */
    public static final long WEBSOCKET_TOKEN_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build();

    private final SigningKeys keys;
    private final String issuer;
    private final Clock clock;
    private final ECDSASigner signer;
    private final ECDSAVerifier verifier;

    /** A service signing with {@code keys}, minting as {@code issuer}, reading time from {@code clock}. */
    public TokenService(SigningKeys keys, String issuer, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.signer = new ECDSASigner(keys.privateKey());
            this.verifier = new ECDSAVerifier(keys.publicKey());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not a P-256 key pair", e);
        }
    }

    /** A service minting as {@value #LOCAL_ISSUER} with the system clock. */
    public static TokenService local(SigningKeys keys) {
        return new TokenService(keys, LOCAL_ISSUER, Clock.systemUTC());
    }

    /** The signing keys. */
    public SigningKeys keys() {
        return keys;
    }

    /** Mints a new anonymous identity (random UUIDv4 subject) with a long-lived token. */
    public Caller mintIdentity() {
        String subject = UUID.randomUUID().toString();
        Identity identity = IdentityDerivation.fromClaims(issuer, subject);
        ObjectNode claims = JSON.createObjectNode();
        claims.put("hex_identity", identity.toHex());
        claims.put("sub", subject);
        claims.put("iss", issuer);
        ArrayNode aud = claims.putArray("aud");
        aud.add(AUDIENCE);
        claims.put("iat", nowSeconds());
        claims.putNull("exp");
        return new Caller(identity, issuer, subject, sign(claims), claims);
    }

    /** A token for {@code caller} that expires {@value #WEBSOCKET_TOKEN_SECONDS} s from now, keeping all other claims. */
    public String websocketToken(Caller caller) {
        ObjectNode claims = caller.claims().deepCopy();
        long now = nowSeconds();
        claims.put("iat", now);
        claims.put("exp", now + WEBSOCKET_TOKEN_SECONDS);
        return sign(claims);
    }

    /**
     * Validates a compact JWT: signed by this instance's key with ES256, {@code sub} and {@code iss} present,
     * {@code exp} not passed and {@code nbf} reached when present (numbers of seconds), {@code hex_identity} consistent when present.
     *
     * @throws AuthException describing the refusal
     */
    public Caller validate(String token) {
        JWSObject jws;
        try {
            jws = JWSObject.parse(token);
        } catch (ParseException e) {
            throw new AuthException(AuthFailure.MALFORMED, e.getMessage());
        }
        if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
            throw new AuthException(AuthFailure.NOT_SIGNED_BY_THIS_INSTANCE,
                    "algorithm " + jws.getHeader().getAlgorithm());
        }
        boolean valid;
        try {
            valid = jws.verify(verifier);
        } catch (JOSEException e) {
            throw new AuthException(AuthFailure.MALFORMED, e.getMessage());
        }
        if (!valid) {
            throw new AuthException(AuthFailure.NOT_SIGNED_BY_THIS_INSTANCE, "bad signature");
        }
        ObjectNode claims = parseClaims(jws.getPayload().toString());
        String iss = requiredString(claims, "iss");
        String sub = requiredString(claims, "sub");
        long now = nowSeconds();
        OptionalLong exp = timeClaim(claims, "exp");
        if (exp.isPresent() && exp.getAsLong() < now) {
            throw new AuthException(AuthFailure.INVALID_CLAIMS, "token expired");
        }
        OptionalLong nbf = timeClaim(claims, "nbf");
        if (nbf.isPresent() && nbf.getAsLong() > now) {
            throw new AuthException(AuthFailure.INVALID_CLAIMS, "token not valid yet (nbf is "
                    + (nbf.getAsLong() - now) + " s from now)");
        }
        Identity identity;
        try {
            identity = IdentityDerivation.fromClaims(iss, sub);
        } catch (IllegalArgumentException e) {
            throw new AuthException(AuthFailure.INVALID_CLAIMS, e.getMessage());
        }
        JsonNode hex = claims.get("hex_identity");
        if (hex != null && !hex.isNull()) {
            if (!hex.isTextual() || !Identity.isHex(hex.asText()) || !Identity.fromHex(hex.asText()).equals(identity)) {
                throw new AuthException(AuthFailure.INVALID_CLAIMS,
                        "hex_identity does not match the identity of iss and sub");
            }
        }
        return new Caller(identity, iss, sub, token, claims);
    }

    private static ObjectNode parseClaims(String payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            throw new AuthException(AuthFailure.MALFORMED, "payload is not JSON");
        }
        throw new AuthException(AuthFailure.MALFORMED, "payload is not a JSON object");
    }

    /** A NumericDate claim (seconds since the epoch); absent or null means no bound, anything else but a number is refused. */
    private static OptionalLong timeClaim(ObjectNode claims, String name) {
        JsonNode v = claims.get(name);
        if (v == null || v.isNull()) {
            return OptionalLong.empty();
        }
        if (!v.isNumber()) {
            throw new AuthException(AuthFailure.INVALID_CLAIMS, "claim " + name + " is not a number of seconds");
        }
        return OptionalLong.of(v.asLong());
    }

    private static String requiredString(ObjectNode claims, String name) {
        JsonNode v = claims.get(name);
        if (v == null || !v.isTextual()) {
            throw new AuthException(AuthFailure.INVALID_CLAIMS, "missing required claim " + name);
        }
        return v.asText();
    }

    private String sign(ObjectNode claims) {
        try {
            JWSObject jws = new JWSObject(HEADER, new Payload(JSON.writeValueAsString(claims)));
            jws.sign(signer);
            return jws.serialize();
        } catch (JsonProcessingException | JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
    }

    private long nowSeconds() {
        return clock.instant().getEpochSecond();
    }
}
