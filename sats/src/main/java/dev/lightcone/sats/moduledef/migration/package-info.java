/**
 * Automatic schema migrations on republish, decided as SpacetimeDB decides them (semantics.md §11):
 * {@link dev.lightcone.sats.moduledef.migration.MigrationPlanner} diffs two validated module definitions
 * into a typed {@link dev.lightcone.sats.moduledef.migration.MigrationPlan} or refuses with every reason.
 * Checks that need the data (sequence ranges, empty tables, duplicates) are the executor's.
 */
package dev.lightcone.sats.moduledef.migration;
