/**
 * Scheduled reducers: which schedule rows are due when. The scheduler never calls reducers itself;
 * the executor turns due rows into schedule-firing commands so that firings are ordered in the log.
 */
package dev.lightcone.executor.schedule;
