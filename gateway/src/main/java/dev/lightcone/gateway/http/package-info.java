/**
 * The HTTP side of the gateway on Reactor Netty (client-protocol §3): {@link dev.lightcone.gateway.http.GatewayServer}
 * declares every route in one method, {@link dev.lightcone.gateway.http.IdentityHandlers} serves the routes that
 * need no database, {@link dev.lightcone.gateway.http.DatabaseHandlers} turns database routes into
 * {@link dev.lightcone.gateway.service.DatabaseService} calls, {@link dev.lightcone.gateway.http.RequestAuth} reads
 * credentials and {@link dev.lightcone.gateway.http.HttpReplies} writes responses and maps errors to statuses.
 */
package dev.lightcone.gateway.http;
