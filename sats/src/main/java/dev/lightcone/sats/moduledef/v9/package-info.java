/**
 * Raw V9 module definitions (1.x modules, module-abi §8.8), decoded exactly as emitted, and their
 * restatement as V10 ({@link dev.lightcone.sats.moduledef.v9.RawModuleDefV9#toV10()}) for validation.
 */
package dev.lightcone.sats.moduledef.v9;
