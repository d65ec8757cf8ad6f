/**
 * The {@code v2.bsatn.spacetimedb} wire format: {@link dev.lightcone.gateway.protocol.v2.V2Messages} writes and
 * reads single messages as BSATN (client-protocol §6), {@link dev.lightcone.gateway.protocol.v2.V2FrameCodec}
 * frames exactly one message per WebSocket frame. The v3 subprotocol reuses these message layouts.
 */
package dev.lightcone.gateway.protocol.v2;
