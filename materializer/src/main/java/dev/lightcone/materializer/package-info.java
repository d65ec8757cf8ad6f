/** The SQL subset and subscriptions: incremental deltas per query set, views, event tables and RLS. */
package dev.lightcone.materializer;
