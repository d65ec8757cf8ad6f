package dev.lightcone.gateway.auth;

import dev.lightcone.sats.Identity;
import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.Blake3;

/**
 * SpacetimeDB's identity of a token subject ({@code Identity::from_claims}): {@code h = BLAKE3(iss + "|" + sub)},
 * {@code id = h[0..26]}, and the big-endian identity is {@code c2 00 ++ BLAKE3(c2 00 ++ id)[0..4] ++ id}. Its hex
 * form therefore always starts with {@code c200}.
 */
public final class IdentityDerivation {
    /** The most bytes {@code iss} and {@code sub} may each have. */
    public static final int MAX_CLAIM_BYTES = 128;
    private static final int ID_HASH_BYTES = 26;

    private IdentityDerivation() {
    }

    /**
     * The identity of {@code subject} at {@code issuer}.
     *
     * @throws IllegalArgumentException if either is empty or longer than {@value #MAX_CLAIM_BYTES} UTF-8 bytes
     */
    public static Identity fromClaims(String issuer, String subject) {
        checkClaim("iss", issuer);
        checkClaim("sub", subject);
        byte[] first = Blake3.hash((issuer + "|" + subject).getBytes(StandardCharsets.UTF_8));
        byte[] checksumInput = new byte[2 + ID_HASH_BYTES];
        checksumInput[0] = (byte) 0xC2;
        checksumInput[1] = 0x00;
        System.arraycopy(first, 0, checksumInput, 2, ID_HASH_BYTES);
        byte[] checksum = Blake3.hash(checksumInput);
        byte[] be = new byte[32];
        be[0] = (byte) 0xC2;
        be[1] = 0x00;
        System.arraycopy(checksum, 0, be, 2, 4);
        System.arraycopy(first, 0, be, 6, ID_HASH_BYTES);
        return Identity.fromBigEndian(be);
    }

    /** True if {@code identity} has the {@code c200} prefix and a valid checksum, i.e. it was derived from claims. */
    public static boolean hasValidChecksum(Identity identity) {
        byte[] be = identity.toBigEndian();
        if (be[0] != (byte) 0xC2 || be[1] != 0x00) {
            return false;
        }
        byte[] checksumInput = new byte[2 + ID_HASH_BYTES];
        checksumInput[0] = (byte) 0xC2;
        System.arraycopy(be, 6, checksumInput, 2, ID_HASH_BYTES);
        byte[] checksum = Blake3.hash(checksumInput);
        for (int i = 0; i < 4; i++) {
            if (checksum[i] != be[2 + i]) {
                return false;
            }
        }
        return true;
    }

    private static void checkClaim(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("claim " + name + " must not be empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_CLAIM_BYTES) {
            throw new IllegalArgumentException("claim " + name + " is longer than " + MAX_CLAIM_BYTES + " bytes");
        }
    }
}
