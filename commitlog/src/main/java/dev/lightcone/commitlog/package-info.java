/**
 * The command log: the durable, totally ordered record of every input to a database, plus the effect
 * log it derives. Entry types: {@link dev.lightcone.commitlog.CommandLog} (implemented by
 * {@code chronicle.ChronicleCommandLog}, {@code memory.InMemoryCommandLog} and, later, a Kafka log),
 * {@link dev.lightcone.commitlog.EffectLog}, {@link dev.lightcone.commitlog.LogTailer}. Records live in
 * {@code record}, snapshots in {@code snapshot}, large module bytes in {@code blob}. Every error is a
 * {@link dev.lightcone.commitlog.CommitLogException}.
 */
package dev.lightcone.commitlog;
