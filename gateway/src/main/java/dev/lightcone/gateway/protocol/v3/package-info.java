/**
 * The {@code v3.bsatn.spacetimedb} framing (client-protocol §5.3): the v2 messages of
 * {@link dev.lightcone.gateway.protocol.v2.V2Messages}, one or more concatenated per frame in both directions.
 */
package dev.lightcone.gateway.protocol.v3;
