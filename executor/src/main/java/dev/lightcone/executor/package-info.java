/** The datastore, the WebAssembly host and the single-writer loop that applies the command log. */
package dev.lightcone.executor;
