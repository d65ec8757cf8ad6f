/**
 * Module definitions: the bytes of {@code __describe_module__} decoded by
 * {@link dev.lightcone.sats.moduledef.ModuleDefDecoder} into a {@link dev.lightcone.sats.moduledef.RawModuleDef}
 * (a SATS value of {@link dev.lightcone.sats.moduledef.RawModuleDefMetaType}, for the schema route), the typed
 * raw forms in the {@code v9} and {@code v10} subpackages, and the validated, immutable
 * {@link dev.lightcone.sats.moduledef.ModuleSchema} built by {@link dev.lightcone.sats.moduledef.ModuleDefValidator},
 * which reports every problem at once in a {@link dev.lightcone.sats.moduledef.ModuleDefValidationException}.
 */
package dev.lightcone.sats.moduledef;
