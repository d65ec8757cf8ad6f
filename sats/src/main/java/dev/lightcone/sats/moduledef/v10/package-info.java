/**
 * Raw V10 module definitions (2.x modules, module-abi §8.2–8.3): one typed record per layout, each
 * reading and writing its own BSATN; {@link dev.lightcone.sats.moduledef.v10.ModuleDefV10Validator}
 * turns them into a {@link dev.lightcone.sats.moduledef.ModuleSchema}, and
 * {@link dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder} writes definitions for tests.
 */
package dev.lightcone.sats.moduledef.v10;
