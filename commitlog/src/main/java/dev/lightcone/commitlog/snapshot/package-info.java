/**
 * Snapshots: checksummed, atomically written images of a database at a command offset, made of opaque
 * named sections. Recovery reads the newest valid one and replays the logs after it.
 */
package dev.lightcone.commitlog.snapshot;
