package dev.lightcone.executor.datastore;

/**
 * What an insert did.
 *
 * @param row       the row as stored, with generated columns filled in
 * @param generated the BSATN of the generated column values in column order (empty if none)
 * @param inserted  false when an identical row already existed (sets ignore duplicates)
 */
public record InsertResult(Row row, byte[] generated, boolean inserted) {
}
