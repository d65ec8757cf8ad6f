/**
 * The embedded logs on Chronicle Queue: {@link dev.lightcone.commitlog.chronicle.ChronicleCommandLog} and
 * {@link dev.lightcone.commitlog.chronicle.ChronicleEffectLog}, both on
 * {@link dev.lightcone.commitlog.chronicle.ChronicleFrameLog} (checksummed frames, segments per run,
 * group commit). Chronicle needs the JVM flags in the parent pom's {@code chronicle.argLine}.
 */
package dev.lightcone.commitlog.chronicle;
