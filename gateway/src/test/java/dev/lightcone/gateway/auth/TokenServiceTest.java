package dev.lightcone.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Minting and validating ES256 tokens per client-protocol §2.2. */
class TokenServiceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    final SigningKeys keys = SigningKeys.generate();
    final TokenService tokens = new TokenService(keys, TokenService.LOCAL_ISSUER, Clock.fixed(NOW, ZoneOffset.UTC));

    static JsonNode part(String token, int i) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[i]));
    }

    @Test
    void mintedTokensCarryExactlyTheSpacetimeClaimsInOrder() throws Exception {
        Caller c = tokens.mintIdentity();
        JsonNode header = part(c.token(), 0);
        assertEquals("ES256", header.get("alg").asText());
        assertEquals("JWT", header.get("typ").asText());
        JsonNode claims = part(c.token(), 1);
        List<String> names = new ArrayList<>();
        claims.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("hex_identity", "sub", "iss", "aud", "iat", "exp"), names);
        assertEquals(c.identity().toHex(), claims.get("hex_identity").asText());
        assertTrue(c.identity().toHex().startsWith("c200"));
        assertEquals(4, UUID.fromString(claims.get("sub").asText()).version());
        assertEquals("localhost", claims.get("iss").asText());
        assertEquals("[\"spacetimedb\"]", claims.get("aud").toString());
        assertEquals(NOW.getEpochSecond(), claims.get("iat").asLong());
        assertTrue(claims.has("exp") && claims.get("exp").isNull());
        assertEquals(IdentityDerivation.fromClaims("localhost", claims.get("sub").asText()), c.identity());
    }

    @Test
    void payloadDecodesWithTheStandardBase64AlphabetAsTheCliDoes() {
        for (int i = 0; i < 50; i++) {
            String token = tokens.mintIdentity().token();
            String payload = token.split("\\.")[1];
            assertFalse(payload.contains("-") || payload.contains("_"), payload);
            byte[] json = Base64.getDecoder().decode(payload + "=".repeat((4 - payload.length() % 4) % 4));
            for (byte b : json) {
                assertTrue(b > 0 && b < 0x7f, "pure ASCII payload");
            }
            String ws = tokens.websocketToken(tokens.validate(token));
            assertFalse(ws.split("\\.")[1].contains("-") || ws.split("\\.")[1].contains("_"));
        }
    }

    @Test
    void validatesItsOwnTokens() {
        Caller minted = tokens.mintIdentity();
        Caller back = tokens.validate(minted.token());
        assertEquals(minted.identity(), back.identity());
        assertEquals(minted.subject(), back.subject());
        assertEquals(minted.token(), back.token());
    }

    @Test
    void websocketTokensKeepTheClaimsAndExpireInSixtySeconds() throws Exception {
        Caller minted = tokens.mintIdentity();
        ObjectNode extra = minted.claims().deepCopy();
        extra.put("custom", "kept");
        String withExtra = sign(keys, extra);
        String ws = tokens.websocketToken(tokens.validate(withExtra));
        JsonNode claims = part(ws, 1);
        assertEquals(minted.subject(), claims.get("sub").asText());
        assertEquals("localhost", claims.get("iss").asText());
        assertEquals("kept", claims.get("custom").asText());
        assertEquals("[\"spacetimedb\"]", claims.get("aud").toString());
        assertEquals(claims.get("iat").asLong() + 60, claims.get("exp").asLong());
        assertEquals(minted.identity(), tokens.validate(ws).identity());
    }

    @Test
    void expiredTokensAreRefused() {
        String ws = tokens.websocketToken(tokens.mintIdentity());
        TokenService later = new TokenService(keys, "localhost", Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));
        AuthException e = assertThrows(AuthException.class, () -> later.validate(ws));
        assertEquals(AuthFailure.INVALID_CLAIMS, e.failure());
        assertEquals("Authorization failed: token expired", e.responseText());
        new TokenService(keys, "localhost", Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)).validate(ws);
    }

    @Test
    void tokensOfAnotherInstanceAreNotSignedByThisInstance() {
        String foreign = TokenService.local(SigningKeys.generate()).mintIdentity().token();
        AuthException e = assertThrows(AuthException.class, () -> tokens.validate(foreign));
        assertEquals(AuthFailure.NOT_SIGNED_BY_THIS_INSTANCE, e.failure());
        assertEquals("Authorization failed: token not signed by this instance", e.responseText());
    }

    @Test
    void otherAlgorithmsAreNotSignedByThisInstance() throws Exception {
        JWSObject hs = new JWSObject(new JWSHeader(JWSAlgorithm.HS256),
                new Payload("{\"sub\":\"a\",\"iss\":\"b\"}"));
        hs.sign(new MACSigner(new byte[32]));
        assertEquals(AuthFailure.NOT_SIGNED_BY_THIS_INSTANCE,
                assertThrows(AuthException.class, () -> tokens.validate(hs.serialize())).failure());
    }

    @Test
    void garbageIsMalformed() {
        for (String bad : List.of("", "abc", "a.b.c", "x.y", "eyJhbGciOiJFUzI1NiJ9.e30")) {
            AuthException e = assertThrows(AuthException.class, () -> tokens.validate(bad), bad);
            assertEquals(AuthFailure.MALFORMED, e.failure(), bad);
            assertEquals("Authorization is invalid: malformed token", e.responseText());
        }
        assertEquals(AuthFailure.MALFORMED,
                assertThrows(AuthException.class, () -> tokens.validate(signRaw(keys, "[1,2]"))).failure());
        assertEquals(AuthFailure.MALFORMED,
                assertThrows(AuthException.class, () -> tokens.validate(signRaw(keys, "not json"))).failure());
    }

    @Test
    void subAndIssAreRequired() throws Exception {
        ObjectNode noSub = JSON.createObjectNode().put("iss", "localhost");
        AuthException e = assertThrows(AuthException.class, () -> tokens.validate(sign(keys, noSub)));
        assertEquals(AuthFailure.INVALID_CLAIMS, e.failure());
        assertEquals("Authorization failed: missing required claim sub", e.responseText());
        ObjectNode noIss = JSON.createObjectNode().put("sub", "x");
        assertEquals(AuthFailure.INVALID_CLAIMS,
                assertThrows(AuthException.class, () -> tokens.validate(sign(keys, noIss))).failure());
        // Only sub and iss are required; aud, iat, exp and hex_identity may be absent.
        ObjectNode minimal = JSON.createObjectNode().put("sub", "x").put("iss", "y");
        assertEquals(IdentityDerivation.fromClaims("y", "x"), tokens.validate(sign(keys, minimal)).identity());
    }

    @Test
    void hexIdentityMustMatch() throws Exception {
        ObjectNode claims = JSON.createObjectNode().put("sub", "x").put("iss", "y")
                .put("hex_identity", IdentityDerivation.fromClaims("y", "other").toHex());
        AuthException e = assertThrows(AuthException.class, () -> tokens.validate(sign(keys, claims)));
        assertEquals(AuthFailure.INVALID_CLAIMS, e.failure());
    }

    @Test
    void notBeforeIsHonouredToTheSecond() throws Exception {
        long now = NOW.getEpochSecond();
        ObjectNode early = JSON.createObjectNode().put("sub", "x").put("iss", "y").put("nbf", now + 1);
        AuthException e = assertThrows(AuthException.class, () -> tokens.validate(sign(keys, early)));
        assertEquals(AuthFailure.INVALID_CLAIMS, e.failure());
        assertEquals("Authorization failed: token not valid yet (nbf is 1 s from now)", e.responseText());
        tokens.validate(sign(keys, JSON.createObjectNode().put("sub", "x").put("iss", "y").put("nbf", now)));
        ObjectNode text = JSON.createObjectNode().put("sub", "x").put("iss", "y").put("nbf", "soon");
        assertEquals(AuthFailure.INVALID_CLAIMS,
                assertThrows(AuthException.class, () -> tokens.validate(sign(keys, text))).failure());
    }

    static String sign(SigningKeys keys, ObjectNode claims) throws Exception {
        return signRaw(keys, JSON.writeValueAsString(claims));
    }

    static String signRaw(SigningKeys keys, String payload) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(),
                new Payload(payload.getBytes(StandardCharsets.UTF_8)));
        jws.sign(new ECDSASigner(keys.privateKey()));
        return jws.serialize();
    }
}
