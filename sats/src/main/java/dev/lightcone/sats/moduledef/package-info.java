/**
 * Module definitions: the raw V9/V10 forms decoded from {@code __describe_module__} and their
 * validated form, {@link dev.lightcone.sats.moduledef.ModuleSchema}.
 */
package dev.lightcone.sats.moduledef;
