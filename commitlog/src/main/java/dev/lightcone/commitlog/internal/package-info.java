/**
 * Not API: the shared machinery under every log implementation (the {@code FrameLog} storage seam,
 * watermarks that waiters block on, the typed adapters). Other modules must not import it; it may change
 * without notice.
 */
package dev.lightcone.commitlog.internal;
