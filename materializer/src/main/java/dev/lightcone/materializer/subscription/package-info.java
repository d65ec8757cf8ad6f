/**
 * Query sets and per-transaction fan-out, without Reactor: {@link
 * dev.lightcone.materializer.subscription.SubscriptionManager} registers clients' query sets, shares
 * identical compiled queries between all their subscribers, evaluates each affected shared query once
 * per transaction and groups the results per client, query set and table so that the gateway can
 * encode each distinct {@link dev.lightcone.materializer.subscription.QueryDelta} once.
 */
package dev.lightcone.materializer.subscription;
