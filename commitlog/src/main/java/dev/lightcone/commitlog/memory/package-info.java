/** In-memory twins of the command and effect logs, for tests of everything built on them. */
package dev.lightcone.commitlog.memory;
