/**
 * The node: the databases this process serves, each a {@link dev.lightcone.executor.writer.DatabaseWriter}
 * with its ingest and subscriptions, behind the gateway's
 * {@link dev.lightcone.gateway.service.DatabaseService}. Subscription deltas are computed on each
 * database's writer thread from every committed transaction and released to WebSocket sessions once
 * the transaction is durable.
 */
package dev.lightcone.gateway.node;
