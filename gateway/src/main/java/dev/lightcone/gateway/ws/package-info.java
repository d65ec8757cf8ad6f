/**
 * The WebSocket route {@code GET /v1/database/{db}/subscribe} (client-protocol §4, §7):
 * {@link dev.lightcone.gateway.ws.SubscribeHandler} checks the request before upgrading (credentials, parameters,
 * database, subprotocol) and {@link dev.lightcone.gateway.ws.WebSocketConnection} runs one upgraded socket: it
 * sends {@code InitialConnection}, decodes client frames into a
 * {@link dev.lightcone.gateway.service.ClientSession}, encodes the session's messages, pings, and closes with the
 * numbered {@link dev.lightcone.gateway.protocol.CloseCode}s.
 */
package dev.lightcone.gateway.ws;
