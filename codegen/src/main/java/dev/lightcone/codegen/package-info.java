/**
 * Client bindings generated from a validated module definition ({@code lightcone generate}).
 *
 * <p>{@link dev.lightcone.codegen.TypeScriptGenerator} writes the files {@code spacetime generate --lang
 * typescript} (2.x) writes, for the official {@code spacetimedb} TypeScript SDK. Depends on {@code sats} only.
 */
package dev.lightcone.codegen;
