/** Turns requests into command-log records and routes results back to their callers. */
package dev.lightcone.ingest;
