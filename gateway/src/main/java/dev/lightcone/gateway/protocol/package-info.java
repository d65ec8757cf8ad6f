/**
 * The client protocol's message model, shared by the {@code v2.bsatn.spacetimedb} and
 * {@code v3.bsatn.spacetimedb} subprotocols (client-protocol §6): {@link dev.lightcone.gateway.protocol.ClientMessage}
 * and {@link dev.lightcone.gateway.protocol.ServerMessage} with their shared row and update types, the
 * server-to-client compression envelope (§5.1), typed decode errors and the WebSocket close codes.
 *
 * <p>The byte layouts live in {@code protocol.v2} (one message) and {@code protocol.v3} (several messages per
 * frame). Integers the wire declares {@code u32} are held in Java {@code int}s and are unsigned: compare them with
 * {@link java.lang.Integer#toUnsignedLong(int)}.
 */
package dev.lightcone.gateway.protocol;
