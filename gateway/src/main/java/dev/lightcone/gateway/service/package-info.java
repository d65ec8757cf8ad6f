/**
 * The boundary between the gateway and the database engine. {@link dev.lightcone.gateway.service.DatabaseService}
 * is everything the HTTP routes and WebSocket sessions need from a running node; the gateway does the protocol
 * work (parsing, authentication, status codes, headers, framing) and the implementation does the database work.
 * {@link dev.lightcone.gateway.service.ClientSession} is one connected WebSocket client.
 */
package dev.lightcone.gateway.service;
