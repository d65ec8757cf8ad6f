package dev.lightcone.commitlog.internal;

/** One stored record: its dense offset and its opaque payload (owned, never mutated). */
public record Frame(long offset, byte[] payload) {
}
