/**
 * Identities and tokens (client-protocol §2): {@link dev.lightcone.gateway.auth.IdentityDerivation} derives an
 * identity from a token's issuer and subject with BLAKE3; {@link dev.lightcone.gateway.auth.TokenService} mints
 * ES256 tokens and validates tokens signed by this instance; {@link dev.lightcone.gateway.auth.SigningKeys} holds
 * the P-256 key pair persisted as PEM in the data directory.
 */
package dev.lightcone.gateway.auth;
