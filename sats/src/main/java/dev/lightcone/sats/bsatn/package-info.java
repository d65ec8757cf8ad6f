/** BSATN, the binary encoding of SATS values: {@link dev.lightcone.sats.bsatn.Bsatn} and its reader and writer. */
package dev.lightcone.sats.bsatn;
