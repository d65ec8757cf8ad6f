/**
 * The single writer of a database: applies command-log records in offset order to a
 * {@link dev.lightcone.executor.ModuleHost}, records each command's effects, takes snapshots,
 * recovers after a restart, and releases results once their record is durable.
 */
package dev.lightcone.executor.writer;
