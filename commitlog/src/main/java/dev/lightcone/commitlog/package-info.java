/** The command log: durable, ordered records of every input, and its Chronicle Queue implementation. */
package dev.lightcone.commitlog;
