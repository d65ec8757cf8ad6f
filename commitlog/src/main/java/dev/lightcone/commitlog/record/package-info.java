/**
 * The command-log records: the sealed {@link dev.lightcone.commitlog.record.Command} family and
 * {@link dev.lightcone.commitlog.record.CommandCodec}, their versioned BSATN form.
 */
package dev.lightcone.commitlog.record;
